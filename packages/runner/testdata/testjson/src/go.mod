module example.com/tj

go 1.26
