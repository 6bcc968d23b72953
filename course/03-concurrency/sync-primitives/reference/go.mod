module example.com/lazycache

go 1.26
