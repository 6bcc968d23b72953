package main

import (
	"context"
	"os"
	"runtime/pprof"
	"time"
)

func main() {
	ch := make(chan int)
	go pprof.Do(context.Background(), pprof.Labels("request", "r-42", "tenant", "acme corp"), func(context.Context) { <-ch })
	go func() { <-ch }()
	time.Sleep(50 * time.Millisecond)
	pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
}
