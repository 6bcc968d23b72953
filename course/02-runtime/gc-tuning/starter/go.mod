module example.com/gcstats

go 1.26
