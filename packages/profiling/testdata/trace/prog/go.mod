module example.com/tracefixture

go 1.26
