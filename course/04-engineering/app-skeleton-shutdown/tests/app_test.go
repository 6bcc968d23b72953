package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain searches for leaked goroutines even when a test failed, so the
// leak check grades on its own.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func noFlush(context.Context) error { return nil }

func testConfig() Config {
	return Config{Addr: "127.0.0.1:0", ShutdownTimeout: 2 * time.Second, FlushInterval: time.Second}
}

// started runs app.Serve on a loopback listener and returns its address, the
// cancel that begins shutdown and a channel that receives Serve's result.
func started(t *testing.T, a *App) (addr string, cancel context.CancelFunc, served <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done, exited := make(chan error, 1), make(chan struct{})
	go func() {
		done <- a.Serve(ctx, ln)
		close(exited)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return within 5s of cancel")
		}
	})
	return ln.Addr().String(), cancel, done
}

// get sends one request on a fresh connection (no keep-alive, so no idle
// connection outlives the test).
func get(addr string) (string, error) {
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + addr + "/")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	return string(b), nil
}

// blockingHandler signals entered when a request arrives and answers only
// after release is closed.
func blockingHandler(entered chan<- struct{}, release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
		io.WriteString(w, "report saved")
	})
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	cfg := testConfig()
	cfg.ShutdownTimeout = -time.Second
	a, err := New(cfg, quietLog(), http.NotFoundHandler(), noFlush)
	if !errors.Is(err, ErrInvalidConfig) || a != nil {
		t.Fatalf("New with a negative shutdown timeout returned app=%t, err=%v; want no app and an error matching ErrInvalidConfig", a != nil, err)
	}
	if _, err := New(testConfig(), quietLog(), nil, noFlush); err == nil {
		t.Fatal("New with a nil handler succeeded; a missing dependency must fail at start-up, not on the first request")
	}
}

func TestShutdownDrainsInFlightRequest(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	a, err := New(testConfig(), quietLog(), blockingHandler(entered, release), noFlush)
	if err != nil {
		t.Fatal(err)
	}
	addr, cancel, served := started(t, a)

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		body, err := get(addr)
		got <- result{body, err}
	}()
	select {
	case <-entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the request never reached the handler")
	}

	cancel()
	// New connections must be refused once shutdown began.
	deadline := time.Now().Add(2 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("the listener still accepts connections 2s after shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-served:
		close(release)
		t.Fatalf("Serve returned (%v) while a request was still in flight; it must wait for it", err)
	case <-time.After(100 * time.Millisecond):
	}

	close(release)
	r := <-got
	if r.err != nil || r.body != "report saved" {
		t.Fatalf("in-flight request got %q, %v; want it answered in full during shutdown (drain, do not cut off)", r.body, r.err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve after a clean shutdown = %v, want nil (http.ErrServerClosed is the normal path)", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Serve did not return after the last request finished")
	}
}

func TestShutdownGivesUpAtDeadline(t *testing.T) {
	cfg := testConfig()
	cfg.ShutdownTimeout = 200 * time.Millisecond
	entered, release := make(chan struct{}, 1), make(chan struct{})
	defer close(release)
	a, err := New(cfg, quietLog(), blockingHandler(entered, release), noFlush)
	if err != nil {
		t.Fatal(err)
	}
	addr, cancel, served := started(t, a)
	clientDone := make(chan struct{})
	go func() {
		defer close(clientDone)
		get(addr) //nolint:errcheck // the request is expected to be cut off
	}()
	<-entered

	start := time.Now()
	cancel()
	select {
	case err := <-served:
		if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
			t.Errorf("Serve returned after %v; it must wait up to ShutdownTimeout (200ms) for the request", elapsed)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Serve = %v, want an error matching context.DeadlineExceeded when requests outlive the deadline", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve still running 3s after shutdown began with a 200ms deadline: the deadline must not wait for stuck requests")
	}
	select {
	case <-clientDone:
	case <-time.After(3 * time.Second):
		t.Fatal("the stuck request's connection was left open after the deadline; close what is left")
	}
}

func TestWorkerFlushesAndStops(t *testing.T) {
	cfg := testConfig()
	cfg.FlushInterval = 10 * time.Millisecond
	var (
		calls, afterCancel, liveAfterCancel, finished atomic.Int32
		cancelled                                     atomic.Bool
	)
	flush := func(ctx context.Context) error {
		calls.Add(1)
		if !cancelled.Load() {
			return nil
		}
		afterCancel.Add(1)
		// A tick that races with the stop may still see the cancelled
		// context; what matters is that one flush after the stop can work.
		if ctx.Err() == nil {
			liveAfterCancel.Add(1)
		}
		time.Sleep(30 * time.Millisecond) // a final write that takes a while
		finished.Add(1)
		return nil
	}
	a, err := New(cfg, quietLog(), http.NotFoundHandler(), flush)
	if err != nil {
		t.Fatal(err)
	}
	_, cancel, served := started(t, a)
	for deadline := time.Now().Add(3 * time.Second); calls.Load() < 3; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("flush ran %d times in 3s with a 10ms interval", calls.Load())
		}
	}
	cancelled.Store(true)
	cancel()
	select {
	case <-served:
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not return within 3s of cancel")
	}
	if afterCancel.Load() == 0 {
		t.Fatal("no flush after shutdown began: records buffered while requests drained would be lost")
	}
	if f, s := finished.Load(), afterCancel.Load(); f != s {
		t.Fatalf("Serve returned while the final flush was still running (%d of %d finished): wait for the worker", f, s)
	}
	if liveAfterCancel.Load() == 0 {
		t.Error("the final flush got an already-cancelled context; give it a fresh one with its own deadline")
	}
	n := calls.Load()
	time.Sleep(50 * time.Millisecond)
	if m := calls.Load(); m != n {
		t.Fatalf("flush ran %d more times after Serve returned: the worker was not stopped", m-n)
	}
}
