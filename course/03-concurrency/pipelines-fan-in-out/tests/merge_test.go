package pipeline

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
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

func produce(ctx context.Context, from, n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := from; i < from+n; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func TestMergeDeliversEverythingAndCloses(t *testing.T) {
	ctx := context.Background()
	out := Merge(ctx, produce(ctx, 0, 100), produce(ctx, 100, 100), produce(ctx, 200, 100))
	var got []int
	for v := range out {
		got = append(got, v)
	}
	slices.Sort(got)
	for i, v := range got {
		if v != i {
			t.Fatalf("merged values sorted = %v...; want 0..299 each exactly once", got[:min(len(got), 10)])
		}
	}
	if len(got) != 300 {
		t.Fatalf("got %d values, want 300", len(got))
	}
	if _, ok := <-Merge[int](ctx); ok {
		t.Fatal("Merge of no inputs must return a closed channel")
	}
}

func TestMergeForwardsWhateverArrivesFirst(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	quiet := make(chan string) // open, but nothing arrives on it yet
	busy := make(chan string, 1)
	busy <- "vitals"
	out := Merge(ctx, quiet, busy)
	select {
	case v := <-out:
		if v != "vitals" {
			t.Fatalf("got %q, want \"vitals\"", v)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a value waiting on the second input was not forwarded while the first input was quiet: read all inputs concurrently")
	}
	close(quiet)
	close(busy)
	for range out {
	}
}

func TestMergeStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	never := make(chan int) // never closed: only cancellation can end Merge
	defer close(never)
	out := Merge(ctx, produce(ctx, 0, 1_000_000), never)
	<-out // the consumer takes one value, then gives up
	cancel()
	deadline := time.After(2 * time.Second)
	for {
		select {
		case _, ok := <-out:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the output was not closed 2s after the context was cancelled")
		}
	}
}

func TestMergeDoesNotLeakWhenConsumerLeaves(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	// Inputs that report every value a forwarder takes from them.
	taken := make(chan struct{}, 64)
	input := func(from int) <-chan int {
		ch := make(chan int)
		go func() {
			defer close(ch)
			for i := from; i < from+10; i++ {
				select {
				case ch <- i:
					taken <- struct{}{}
				case <-ctx.Done():
					return
				}
			}
		}()
		return ch
	}
	out := Merge(ctx, input(0), input(10))
	<-out
	// One value was read; after three takes each forwarder holds a value that
	// nobody will ever read (a forwarder holds at most one), and must still exit.
	for i := 0; i < 3; i++ {
		select {
		case <-taken:
		// Far more than a forwarder needs (microseconds, even under -race), short
		// enough that a wrong Merge is told so quickly.
		case <-time.After(2 * time.Second):
			t.Fatalf("Merge took only %d values from its inputs in 2 s; each input should be read as soon as it has a value", i)
		}
	}
	cancel() // the consumer stops reading without draining out
}
