package leakcheck

import (
	"bytes"
	"context"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fixtures below leak on purpose, each in a function of its own, so that
// every test can find its goroutines in the profile. Leaked goroutines never
// go away: the tests compare counts before and after they leak more.

const module = "example.com/leakcheck"

const (
	fnSend = module + ".sendForever"
	fnLock = module + ".(*store).lockForever"
	fnWait = module + ".(*queue).waitForever"
	fnIdle = module + ".idleWorker"
)

// The functions where a fixture's goroutines stay stuck.
var fixtures = []string{fnSend, fnLock, fnWait}

func sendForever(ch chan<- int) { ch <- 1 }

// leakSends leaks direct+viaClosure goroutines in sendForever: two stacks
// (the closure adds a frame) that end in the same function.
func leakSends(direct, viaClosure int) {
	for range direct {
		go sendForever(make(chan int))
	}
	for range viaClosure {
		ch := make(chan int)
		go func() { sendForever(ch) }()
	}
}

// store's mutex is locked and never unlocked; only the goroutine knows it.
type store struct {
	mu   sync.Mutex
	data map[string]int
}

func (s *store) lockForever() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data["hits"]++
}

func leakLock() {
	s := &store{data: map[string]int{}}
	s.mu.Lock()
	go s.lockForever()
}

// queue's condition is never signalled and nobody else knows the queue.
type queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func (q *queue) waitForever() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait()
	}
}

func leakCond() {
	q := &queue{}
	q.ready = sync.NewCond(&q.mu)
	go q.waitForever()
}

// leakLabelled leaks n goroutines that carry pprof labels, as the
// goroutines of a labelled request handler do.
func leakLabelled(n int) {
	pprof.Do(context.Background(), pprof.Labels("route", "/search"), func(context.Context) {
		leakSends(n, 0)
	})
}

// idleWorker waits for jobs its caller can still send: it is not leaked.
func idleWorker(jobs <-chan int) {
	for range jobs {
	}
}

// parked counts the goroutines blocked on a channel or a sync primitive
// with fn on their stack.
func parked(fn string) int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		head, _, _ := strings.Cut(g, "\n")
		blocked := strings.Contains(head, "[chan ") || strings.Contains(head, "[select") || strings.Contains(head, "[sync.")
		if blocked && strings.Contains(g, fn+"(") {
			n++
		}
	}
	return n
}

// waitParked waits until want goroutines are blocked in fn: a goroutine
// that has not reached its block yet is not leaked yet.
func waitParked(t *testing.T, fn string, want int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); parked(fn) < want; {
		if time.Now().After(deadline) {
			t.Fatalf("test setup: only %d goroutines blocked in %s after 5s; want %d", parked(fn), fn, want)
		}
		runtime.Gosched()
	}
}

// profile returns the goroutineleak profile as Find sees it (debug=1).
func profile(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutineleak").WriteTo(&buf, 1); err != nil {
		t.Fatalf("writing the goroutineleak profile: %v", err)
	}
	return buf.String()
}

// clip keeps failure messages readable.
func clip(s string) string {
	if len(s) > 2500 {
		return s[:2500] + "\n... (clipped)"
	}
	return s
}

func find(t *testing.T, prefix string) []Leak {
	t.Helper()
	leaks, err := Find(prefix)
	if err != nil {
		t.Fatalf("Find(%q) returned error %v; want nil", prefix, err)
	}
	return leaks
}

func countOf(leaks []Leak, fn string) int {
	for _, l := range leaks {
		if l.Func == fn {
			return l.Count
		}
	}
	return 0
}

func TestFindCountsEveryLeakedGoroutine(t *testing.T) {
	before, blocked := countOf(find(t, module), fnSend), parked(fnSend)
	leakSends(3, 2)
	waitParked(t, fnSend, blocked+5)

	leaks := find(t, module)
	if got, want := countOf(leaks, fnSend), before+5; got != want {
		t.Errorf("Find(%q) counts %d goroutines in %s; want %d\n"+
			"(5 more leaked there: 3 started as `go sendForever(ch)`, 2 through a closure. "+
			"They form two records, and each record begins with how many goroutines share its stack: \"3 @ 0x...\".)\n"+
			"got: %+v\nthe profile Find read:\n%s", module, got, fnSend, want, leaks, clip(profile(t)))
	}
}

func TestFindNamesTheFrameInYourCode(t *testing.T) {
	leaks := find(t, module)
	beforeLock, beforeWait := countOf(leaks, fnLock), countOf(leaks, fnWait)
	blockedLock, blockedWait := parked(fnLock), parked(fnWait)
	leakLock()
	leakCond()
	waitParked(t, fnLock, blockedLock+1)
	waitParked(t, fnWait, blockedWait+1)

	leaks = find(t, module)
	for _, c := range []struct {
		fn   string
		want int
	}{{fnLock, beforeLock + 1}, {fnWait, beforeWait + 1}} {
		if got := countOf(leaks, c.fn); got != c.want {
			t.Errorf("Find(%q) counts %d goroutines in %s; want %d\n"+
				"(a goroutine stuck in a Lock or a Wait has sync's own frames on top of its stack: "+
				"skip frames until one starts with the prefix)", module, got, c.fn, c.want)
		}
	}
	for _, l := range leaks {
		if !strings.HasPrefix(l.Func, module) {
			t.Errorf("Find(%q) reports Func %q; want only functions that start with the prefix", module, l.Func)
		}
	}
	if t.Failed() {
		t.Logf("got: %+v\nthe profile Find read:\n%s", leaks, clip(profile(t)))
	}
}

func TestFindIgnoresIdleGoroutines(t *testing.T) {
	blocked := parked(fnSend)
	leakSends(1, 0) // at least one real leak to report
	jobs := make(chan int)
	defer close(jobs) // the test still holds jobs: the workers can be woken
	for range 2 {
		go idleWorker(jobs)
	}
	waitParked(t, fnSend, blocked+1)
	waitParked(t, fnIdle, 2)

	leaks := find(t, module)
	for _, l := range leaks {
		if !slices.Contains(fixtures, l.Func) {
			t.Errorf("Find(%q) reports %d goroutines in %s; want no report there: that goroutine can still wake up "+
				"(only the goroutineleak profile tells a leaked goroutine from a waiting one)", module, l.Count, l.Func)
		}
	}
	if countOf(leaks, fnSend) == 0 {
		t.Errorf("Find(%q) does not report %s; want the goroutines leaked there", module, fnSend)
	}
	if t.Failed() {
		t.Logf("got: %+v\nwant only these functions: %v", leaks, fixtures)
	}
}

func TestFindAgreesWithTheProfile(t *testing.T) {
	blocked := parked(fnSend)
	leakSends(2, 1)
	leakLabelled(2)
	waitParked(t, fnSend, blocked+5)

	// Everything leaked is parked by now, so both collections see the same
	// goroutines. The total is the header line: "goroutineleak profile: total N".
	text := profile(t)
	header, _, _ := strings.Cut(text, "\n")
	total, err := strconv.Atoi(strings.TrimPrefix(header, "goroutineleak profile: total "))
	if err != nil {
		t.Fatalf("test setup: unexpected profile header %q", header)
	}

	leaks := find(t, "")
	sum := 0
	for _, l := range leaks {
		sum += l.Count
	}
	if sum != total {
		t.Errorf("Find(\"\") reports %d goroutines in all; want %d, the profile's total\n"+
			"(with prefix \"\" every record counts, under its innermost frame; a \"# labels:\" line is not a frame)\n"+
			"got: %+v\nthe profile:\n%s", sum, total, leaks, clip(text))
	}
	for _, l := range leaks {
		if strings.HasPrefix(l.Func, "labels") || strings.ContainsAny(l.Func, "{}\" \t") || l.Count <= 0 {
			t.Errorf("Find(\"\") reports Leak%+v; want a function name and a positive count", l)
		}
	}
	if !slices.IsSortedFunc(leaks, func(a, b Leak) int { return strings.Compare(a.Func, b.Func) }) {
		t.Errorf("Find(\"\") = %+v; want it sorted by Func", leaks)
	}
	if seen := slices.CompactFunc(slices.Clone(leaks), func(a, b Leak) bool { return a.Func == b.Func }); len(seen) != len(leaks) {
		t.Errorf("Find(\"\") = %+v; want one Leak per Func, counts of stacks ending in the same function added up", leaks)
	}
}
