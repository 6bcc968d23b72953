module example.com/leakfixture

go 1.26
