module example.com/keyhash

go 1.26
