module example.com/bn

go 1.26
