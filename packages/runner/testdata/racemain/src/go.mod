module example.com/rm

go 1.26
