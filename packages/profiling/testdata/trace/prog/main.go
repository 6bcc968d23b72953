// Program used to capture the execution-trace fixture (see ../README.md): a
// task with regions and logs, a few worker goroutines exchanging work over a
// channel, enough allocation for several GC cycles, and one runtime.GC().
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"sync"
)

var sink []byte

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	defer trace.Stop()

	ctx, task := trace.NewTask(context.Background(), "pipeline")
	defer task.End()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Go(func() {
			for j := range jobs {
				trace.WithRegion(ctx, "work", func() {
					for i := 0; i < 200; i++ {
						sink = make([]byte, 32<<10)
					}
				})
				if j%10 == 0 {
					trace.Logf(ctx, "progress", "job %d done", j)
				}
			}
		})
	}
	trace.WithRegion(ctx, "produce", func() {
		for j := 0; j < 40; j++ {
			jobs <- j
		}
	})
	close(jobs)
	wg.Wait()
	runtime.GC()
	fmt.Println("ok")
}
