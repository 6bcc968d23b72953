package fetch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain looks for leaked goroutines after every run. goleak.VerifyTestMain
// would skip the search when a test failed; searching always lets the leak
// check grade independently of the other checks.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

var errNeverCancelled = errors.New("fake source: waited 1s and the context was never cancelled")

// fakeSource answers after delay, fails for ids in fail, and blocks until
// its context is done for ids in block. It records the deadlines it sees
// and the peak number of concurrent calls.
type fakeSource struct {
	delay time.Duration
	fail  map[string]error
	block map[string]bool

	mu        sync.Mutex
	deadlines map[string]time.Time
	inFlight  atomic.Int32
	peak      atomic.Int32
	cancelled atomic.Int32
}

func (f *fakeSource) Fetch(ctx context.Context, id string) (Result, error) {
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if d, ok := ctx.Deadline(); ok {
		f.mu.Lock()
		if f.deadlines == nil {
			f.deadlines = map[string]time.Time{}
		}
		f.deadlines[id] = d
		f.mu.Unlock()
	}
	if err, ok := f.fail[id]; ok {
		return Result{}, err
	}
	wait := f.delay
	if f.block[id] {
		wait = time.Second
	}
	select {
	case <-time.After(wait):
		if f.block[id] {
			return Result{}, errNeverCancelled
		}
		return Result{ID: id, Body: "body of " + id}, nil
	case <-ctx.Done():
		f.cancelled.Add(1)
		return Result{}, fmt.Errorf("fake fetch %s: %w", id, ctx.Err())
	}
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("P%03d", i)
	}
	return out
}

func TestFetchAllReturnsResultsInOrder(t *testing.T) {
	src := &fakeSource{delay: 2 * time.Millisecond}
	want := ids(12)
	got, err := FetchAll(context.Background(), src, want, time.Second, 4)
	if err != nil {
		t.Fatalf("FetchAll: unexpected error %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("FetchAll returned %d results, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.ID != want[i] || r.Body != "body of "+want[i] {
			t.Fatalf("result %d = %+v, want ID %s", i, r, want[i])
		}
	}
}

func TestFetchAllLimitsConcurrency(t *testing.T) {
	src := &fakeSource{delay: 5 * time.Millisecond}
	if _, err := FetchAll(context.Background(), src, ids(20), time.Second, 3); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	if p := src.peak.Load(); p > 3 {
		t.Fatalf("peak concurrent calls = %d, want at most limit 3", p)
	}
}

func TestPerCallTimeout(t *testing.T) {
	src := &fakeSource{delay: time.Millisecond, block: map[string]bool{"P002": true}}
	start := time.Now()
	_, err := FetchAll(context.Background(), src, ids(4), 30*time.Millisecond, 4)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("FetchAll error = %v, want one wrapping context.DeadlineExceeded (the per-call timeout)", err)
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Fatalf("FetchAll took %v; a 30ms per-call timeout should end it much sooner", el)
	}
}

func TestCallerDeadlineWinsOverPerCall(t *testing.T) {
	src := &fakeSource{delay: time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	parent, _ := ctx.Deadline()
	if _, err := FetchAll(ctx, src, ids(3), time.Hour, 3); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	for _, id := range ids(3) {
		d, ok := src.deadlines[id]
		if !ok {
			t.Fatalf("the source saw no deadline for %s: pass a context derived from the caller's", id)
		}
		if d.After(parent) {
			t.Fatalf("the source saw deadline %v for %s, after the caller's %v", d, id, parent)
		}
	}
}

func TestPerCallDeadlineIsPropagated(t *testing.T) {
	src := &fakeSource{delay: time.Millisecond}
	before := time.Now()
	if _, err := FetchAll(context.Background(), src, ids(2), 250*time.Millisecond, 2); err != nil {
		t.Fatalf("FetchAll: %v", err)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	for _, id := range ids(2) {
		d, ok := src.deadlines[id]
		if !ok || d.Before(before) || d.After(time.Now().Add(250*time.Millisecond)) {
			t.Fatalf("deadline seen for %s = %v (set %v), want about now+250ms", id, d, ok)
		}
	}
}

func TestFirstFailureCancelsTheRest(t *testing.T) {
	boom := errors.New("record P001 is corrupt")
	src := &fakeSource{
		fail:  map[string]error{"P001": boom},
		block: map[string]bool{"P000": true, "P002": true, "P003": true},
	}
	start := time.Now()
	_, err := FetchAll(context.Background(), src, ids(4), time.Hour, 4)
	if !errors.Is(err, boom) {
		t.Fatalf("FetchAll error = %v, want one wrapping the first failure %q", err, boom)
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Fatalf("FetchAll took %v after a failure; the other calls should have been cancelled", el)
	}
	if n := src.inFlight.Load(); n != 0 {
		t.Fatalf("%d calls still running after FetchAll returned", n)
	}
}

func TestCallerCancellation(t *testing.T) {
	src := &fakeSource{block: map[string]bool{"P000": true, "P001": true}}
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("client went away")
	time.AfterFunc(20*time.Millisecond, func() { cancel(cause) })
	_, err := FetchAll(ctx, src, ids(2), time.Hour, 2)
	if !errors.Is(err, cause) {
		t.Fatalf("FetchAll error = %v, want one wrapping the caller's cancellation cause %q: context.Canceled alone does not say why the caller gave up", err, cause)
	}
}
