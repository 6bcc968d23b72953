module example.com/shardmap

go 1.26
