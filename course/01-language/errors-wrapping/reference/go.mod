module example.com/intake

go 1.26
