package search

import (
	"context"
	"errors"
	"fmt"
	"os"
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

func answer(v string) Backend {
	return func(context.Context, string) (string, error) { return v, nil }
}

func fail(err error) Backend {
	return func(context.Context, string) (string, error) { return "", err }
}

// waiting blocks until its context is cancelled and reports that on stopped.
func waiting(stopped chan<- error) Backend {
	return func(ctx context.Context, _ string) (string, error) {
		<-ctx.Done()
		stopped <- ctx.Err()
		return "", ctx.Err()
	}
}

func TestFirstReturnsAnAnswer(t *testing.T) {
	got, err := First(context.Background(), []Backend{fail(errors.New("down")), answer("42")}, "q")
	if err != nil || got != "42" {
		t.Fatalf("First = %q, %v; want \"42\", nil", got, err)
	}
}

func TestFirstJoinsAllErrors(t *testing.T) {
	errA, errB := errors.New("replica a down"), errors.New("replica b down")
	_, err := First(context.Background(), []Backend{fail(errA), fail(errB)}, "q")
	if !errors.Is(err, errA) || !errors.Is(err, errB) {
		t.Fatalf("First error = %v; want both backend errors (errors.Join)", err)
	}
	if _, err := First(context.Background(), nil, "q"); !errors.Is(err, ErrNoBackends) {
		t.Fatalf("First with no backends = %v; want ErrNoBackends", err)
	}
}

func TestFirstLeavesNoBlockedSenders(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	backends := []Backend{answer("a"), answer("b"), answer("c"), answer("d")}
	for range 20 {
		if _, err := First(context.Background(), backends, "q"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFirstCancelsTheLosers(t *testing.T) {
	stopped := make(chan error, 2)
	backends := []Backend{waiting(stopped), answer("fast"), waiting(stopped)}
	if got, err := First(context.Background(), backends, "q"); err != nil || got != "fast" {
		t.Fatalf("First = %q, %v; want \"fast\", nil", got, err)
	}
	for range 2 {
		select {
		case err := <-stopped:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("a losing backend saw %v; want context.Canceled", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("a losing backend is still running 2s after First returned: cancel the context First passes to the backends")
		}
	}
}

func TestFirstHonoursTheCallersContext(t *testing.T) {
	stopped := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := First(ctx, []Backend{waiting(stopped)}, "q")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("First error = %v; want context.DeadlineExceeded", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("First did not return 2s after its context expired")
	}
	<-stopped
}
