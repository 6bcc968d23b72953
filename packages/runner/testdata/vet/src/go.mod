module example.com/vt

go 1.26
