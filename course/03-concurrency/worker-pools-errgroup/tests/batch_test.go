package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

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

// In a synctest bubble time.Sleep advances a fake clock, so "each call
// takes one second" runs instantly and elapsed times are exact.

func TestConcurrencyIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var active, peak atomic.Int32
		fn := func(_ context.Context, v int) (int, error) {
			n := active.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Second)
			active.Add(-1)
			return v * 10, nil
		}
		start := time.Now()
		got, err := ProcessAll(context.Background(), make([]int, 20), 3, fn)
		if err != nil || len(got) != 20 {
			t.Fatalf("ProcessAll = %d results, %v", len(got), err)
		}
		if p := peak.Load(); p != 3 {
			t.Fatalf("%d calls ran at the same time; want at most (and, to be fast, exactly) 3", p)
		}
		if elapsed := time.Since(start); elapsed != 7*time.Second {
			t.Fatalf("20 one-second calls with limit 3 took %v; want 7s", elapsed)
		}
	})
}

func TestResultsKeepInputOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		items := []int{5, 1, 4, 2, 3}
		fn := func(_ context.Context, v int) (string, error) {
			time.Sleep(time.Duration(v) * time.Second) // later items finish first
			return fmt.Sprint("item-", v), nil
		}
		got, err := ProcessAll(context.Background(), items, 5, fn)
		want := []string{"item-5", "item-1", "item-4", "item-2", "item-3"}
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("ProcessAll = %v, %v; want %v", got, err, want)
		}
	})
}

func TestFirstErrorCancelsTheRest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errBad := errors.New("record 3 is malformed")
		var started, cancelled atomic.Int32
		fn := func(ctx context.Context, v int) (int, error) {
			started.Add(1)
			if v == 3 {
				return 0, errBad
			}
			select {
			case <-time.After(time.Hour):
				return v, nil
			case <-ctx.Done():
				cancelled.Add(1)
				return 0, ctx.Err()
			}
		}
		start := time.Now()
		_, err := ProcessAll(context.Background(), []int{1, 2, 3, 4, 5, 6, 7, 8}, 4, fn)
		if !errors.Is(err, errBad) {
			t.Fatalf("ProcessAll error = %v; want the first error, %v", err, errBad)
		}
		if elapsed := time.Since(start); elapsed >= time.Hour {
			t.Fatalf("ProcessAll returned after %v: the other calls were not cancelled", elapsed)
		}
		if s := started.Load(); s > 4 {
			t.Fatalf("%d calls started; after the failure no new item should start (limit 4, item 3 failed first)", s)
		}
		if c := cancelled.Load(); c != started.Load()-1 {
			t.Fatalf("%d of the %d other calls saw their context cancelled; want all", c, started.Load()-1)
		}
	})
}
