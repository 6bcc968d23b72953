module example.com/ce

go 1.26
