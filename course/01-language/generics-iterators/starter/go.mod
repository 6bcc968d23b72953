module example.com/orderedset

go 1.26
