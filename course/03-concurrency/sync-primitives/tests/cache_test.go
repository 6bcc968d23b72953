package lazycache

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// The tests run inside synctest bubbles: time.Sleep uses a fake clock that
// advances only when every goroutine in the bubble is blocked, so "a load
// that takes one second" costs no real time and the timings are exact.

func TestConcurrentCallersShareOneLoad(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, int]()
		var loads atomic.Int32
		load := func(string) (int, error) {
			loads.Add(1)
			time.Sleep(time.Second)
			return 42, nil
		}
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if v, err := c.Get("icd-10", load); v != 42 || err != nil {
					t.Errorf("Get = %d, %v; want 42, nil", v, err)
				}
			})
		}
		wg.Wait()
		if n := loads.Load(); n != 1 {
			t.Fatalf("10 concurrent Gets of one key called load %d times; want 1", n)
		}
		if v, _ := c.Get("icd-10", load); v != 42 || loads.Load() != 1 {
			t.Fatalf("a later Get reloaded the value")
		}
	})
}

func TestDifferentKeysLoadInParallel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[string, string]()
		load := func(k string) (string, error) {
			time.Sleep(time.Second)
			return k + "!", nil
		}
		start := time.Now()
		var wg sync.WaitGroup
		for _, k := range []string{"a", "b", "c"} {
			wg.Go(func() { c.Get(k, load) })
		}
		wg.Wait()
		if elapsed := time.Since(start); elapsed != time.Second {
			t.Fatalf("three 1s loads of different keys took %v; want 1s: do not hold a lock while loading", elapsed)
		}
	})
}

func TestErrorsAreSharedToo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := New[int, string]()
		errDown := errors.New("terminology server down")
		var loads atomic.Int32
		load := func(int) (string, error) {
			loads.Add(1)
			time.Sleep(100 * time.Millisecond)
			return "", errDown
		}
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				if _, err := c.Get(7, load); !errors.Is(err, errDown) {
					t.Errorf("Get error = %v; want the load's error", err)
				}
			})
		}
		wg.Wait()
		if n := loads.Load(); n != 1 {
			t.Fatalf("load was called %d times; want 1 (its error is the shared result)", n)
		}
	})
}
