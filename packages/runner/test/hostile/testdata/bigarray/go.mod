module example.com/bigarray

go 1.26
