package costs

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
	"unsafe"

	"go.uber.org/goleak"
)

// TestMain searches for leaked goroutines after every run, even when a test
// failed, so the leak check grades on its own (goleak.VerifyTestMain skips
// the search once a test has failed).
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

func implementations() map[string]func() Counter {
	return map[string]func() Counter{
		"mutex":       func() Counter { return &MutexCounter{} },
		"atomic":      func() Counter { return &AtomicCounter{} },
		"cas":         func() Counter { return &CASCounter{} },
		"cond-ticket": func() Counter { return NewCondTicketCounter() },
		"ticket":      func() Counter { return &TicketCounter{} },
		"sharded":     func() Counter { return NewShardedCounter(runtime.GOMAXPROCS(0) * 4) },
	}
}

func hammer(c Counter, goroutines, each int) {
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				c.Inc()
			}
		})
	}
	wg.Wait()
}

func TestCountersCountEveryIncrement(t *testing.T) {
	for name, mk := range implementations() {
		c := mk()
		hammer(c, 8, 500)
		if got := c.Value(); got != 4000 {
			t.Errorf("%s: Value() = %d after 8x500 increments, want 4000", name, got)
		}
	}
}

func TestShardsHaveACacheLineEach(t *testing.T) {
	const cacheLine = 64
	if size := unsafe.Sizeof(shard{}); size < cacheLine || size%cacheLine != 0 {
		t.Fatalf("unsafe.Sizeof(shard{}) = %d: adjacent shards share a %d-byte cache line (false sharing); pad each shard to a multiple of %d bytes", size, cacheLine, cacheLine)
	}
}

func TestTicketLockProgressesWithOneP(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var lock TicketLock
	var handovers int64
	var wg sync.WaitGroup
	start := time.Now()
	for range 4 {
		wg.Go(func() {
			for range 25 {
				lock.Lock()
				// Give up the P while holding the lock, as real critical
				// sections do when they block or get preempted: the other
				// goroutines now run and find the lock taken.
				runtime.Gosched()
				handovers++
				lock.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("100 lock hand-overs with GOMAXPROCS=1 still running after 3s: the waiters keep the only P spinning while the lock holder cannot run")
	}
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Fatalf("100 lock hand-overs with GOMAXPROCS=1 took %v: each waiter keeps the only P spinning until the scheduler preempts it; yield it instead", elapsed.Round(time.Millisecond))
	}
	if handovers != 100 {
		t.Fatalf("counted %d hand-overs, want 100", handovers)
	}
}

// benchmark increments c from GOMAXPROCS goroutines (times parallelism).
func benchmark(b *testing.B, c Counter, parallelism int) {
	b.SetParallelism(parallelism)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}

// BenchmarkHierarchy measures every level on this machine. Run it with
// go test -bench=Hierarchy -cpu=1,2 and order the results.
func BenchmarkHierarchy(b *testing.B) {
	b.Run("goroutine-local", func(b *testing.B) {
		var total AtomicCounter
		b.RunParallel(func(pb *testing.PB) {
			var local int64 // no sharing at all until the very end
			for pb.Next() {
				local++
			}
			total.n.Add(local)
		})
	})
	for _, name := range []string{"sharded", "atomic", "mutex", "cas", "ticket", "cond-ticket"} {
		b.Run(name, func(b *testing.B) { benchmark(b, implementations()[name](), 1) })
	}
}

func BenchmarkShardedCounter(b *testing.B) {
	benchmark(b, NewShardedCounter(runtime.GOMAXPROCS(0)*4), 1)
}
