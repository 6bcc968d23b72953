module example.com/pprofwork

go 1.26
