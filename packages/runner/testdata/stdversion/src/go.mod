module example.com/sv

go 1.26
