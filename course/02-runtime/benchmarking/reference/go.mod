module example.com/topk

go 1.26
