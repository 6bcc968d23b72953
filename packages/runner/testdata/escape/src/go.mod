module example.com/es

go 1.26
