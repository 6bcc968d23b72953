// Command runtimeprog writes profiles through runtime/pprof directly: a CPU
// profile whose samples carry pprof labels (pprof.Do), and goroutine, heap
// and allocs profiles. Usage: runtimeprog <outdir>.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

func spin(d time.Duration) int {
	n := 0
	for start := time.Now(); time.Since(start) < d; {
		for i := range 10_000 {
			n += i % 3
		}
	}
	return n
}

var retained [][]byte

func allocate(size, count int) {
	for range count {
		retained = append(retained, make([]byte, size))
	}
}

func parked(wg *sync.WaitGroup, stop <-chan struct{}) {
	wg.Done()
	<-stop
}

func write(dir, name string, fn func(f *os.File) error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	if err := fn(f); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	dir := os.Args[1]
	runtime.MemProfileRate = 4096

	write(dir, "runtime-cpu-labels.pb.gz", func(f *os.File) error {
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		var wg sync.WaitGroup
		for _, tenant := range []string{"alpha", "beta"} {
			wg.Go(func() {
				pprof.Do(context.Background(), pprof.Labels("tenant", tenant, "stage", "spin"), func(context.Context) {
					spin(300 * time.Millisecond)
				})
			})
		}
		wg.Wait()
		pprof.StopCPUProfile()
		return nil
	})

	allocate(1024, 200)
	allocate(64<<10, 20)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go parked(&wg, stop)
	}
	wg.Wait()
	write(dir, "runtime-goroutine.pb.gz", func(f *os.File) error { return pprof.Lookup("goroutine").WriteTo(f, 0) })
	close(stop)

	runtime.GC()
	write(dir, "runtime-heap.pb.gz", func(f *os.File) error { return pprof.Lookup("heap").WriteTo(f, 0) })
	write(dir, "runtime-allocs.pb.gz", func(f *os.File) error { return pprof.Lookup("allocs").WriteTo(f, 0) })
	fmt.Println(len(retained))
}
