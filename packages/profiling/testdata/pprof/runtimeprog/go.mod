module example.com/runtimeprog

go 1.26
