module example.com/liveconfig

go 1.26
