// Command traceconv converts a Go execution trace (runtime/trace, `go test
// -trace`; the Go 1.22+ format including Go 1.26) into Chrome trace event JSON,
// which in-browser timeline viewers (Perfetto, chrome://tracing, speedscope)
// load directly.
//
// Lanes:
//   - Goroutines: one lane per goroutine with its running intervals, user
//     regions nested inside, GC mark assists and trace.Log instants;
//   - Procs: one lane per P showing which goroutine runs on it;
//   - GC: the concurrent mark phase, sweeps, and a STW lane for every
//     stop-the-world pause, plus heap counters from the trace's metrics;
//   - Tasks: runtime/trace tasks as async spans;
//   - flow arrows from a `go` statement, or from the goroutine that unblocked
//     another, to the next time that goroutine runs.
//
// The output is bounded: after -max-events events, emission stops, a global
// "trace truncated" instant marks the spot and otherData.truncated is true.
// The summary (goroutines, GC cycles, STW pauses, duration) always covers
// the whole trace.
//
// Usage: traceconv [-max-events N] [-summary] [-o out.json] trace.out
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/exp/trace"
)

// Fixed process ids of the lanes in the Chrome trace.
const (
	pidGoroutines = 1
	pidProcs      = 2
	pidGC         = 3
	pidTasks      = 4

	tidGCMark  = 1
	tidSTW     = 2
	tidSweep   = 100 // + P id: sweeps are scoped to a P
	tidMetrics = 3
)

// event is one Chrome trace event. Fields follow the Trace Event Format.
type event struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`
	Dur  *float64       `json:"dur,omitempty"`
	Pid  int            `json:"pid"`
	Tid  int64          `json:"tid"`
	ID   string         `json:"id,omitempty"`
	S    string         `json:"s,omitempty"`
	Bp   string         `json:"bp,omitempty"`
	Args map[string]any `json:"args,omitempty"`
}

// Summary describes the whole trace, also when the event output was truncated.
type Summary struct {
	DurationNs    int64  `json:"durationNs"`
	Goroutines    int    `json:"goroutines"`
	Procs         int    `json:"procs"`
	GCCount       int    `json:"gcCount"`
	STWCount      int    `json:"stwCount"`
	STWTotalNs    int64  `json:"stwTotalNs"`
	STWMaxNs      int64  `json:"stwMaxNs"`
	Tasks         int    `json:"tasks"`
	Regions       int    `json:"regions"`
	Logs          int    `json:"logs"`
	TraceEvents   int64  `json:"traceEvents"`
	EmittedEvents int64  `json:"emittedEvents"`
	Truncated     bool   `json:"truncated"`
	MaxEvents     int64  `json:"maxEvents"`
	Error         string `json:"error,omitempty"`
}

type rangeKey struct {
	name  string
	scope trace.ResourceID
}

type openRange struct {
	start trace.Time
	g     trace.GoID
	p     trace.ProcID
}

type regionFrame struct {
	name  string
	start trace.Time
}

type converter struct {
	w         *bufio.Writer
	enc       *json.Encoder
	maxEvents int64
	first     bool
	t0        trace.Time
	haveT0    bool
	last      trace.Time
	sum       Summary

	running   map[trace.GoID]openRange // goroutine -> start of its running interval
	names     map[trace.GoID]string
	seenG     map[trace.GoID]bool
	seenP     map[trace.ProcID]bool
	ranges    map[rangeKey]openRange
	regions   map[trace.GoID][]regionFrame
	truncated bool

	// Flow arrows from a `go` statement or an unblocking goroutine to the
	// next time the target goroutine runs, as `go tool trace` draws them.
	pendingFlow map[trace.GoID]flow
	flows       int64
}

type flow struct {
	id   string
	name string
}

func (c *converter) us(t trace.Time) float64 {
	return float64(t-c.t0) / 1e3
}

func (c *converter) emit(e event) error {
	if c.truncated {
		return nil
	}
	if c.sum.EmittedEvents >= c.maxEvents {
		c.truncated = true
		c.sum.Truncated = true
		return c.write(event{Name: fmt.Sprintf("trace truncated after %d events", c.maxEvents), Ph: "i", S: "g", Ts: e.Ts, Pid: pidGC, Tid: tidGCMark})
	}
	c.sum.EmittedEvents++
	return c.write(e)
}

func (c *converter) write(e event) error {
	if !c.first {
		if _, err := c.w.WriteString(",\n"); err != nil {
			return err
		}
	}
	c.first = false
	// Encoder.Encode appends a newline; it is valid JSON whitespace.
	return c.enc.Encode(e)
}

func (c *converter) meta(pid int, tid int64, kind, name string) error {
	return c.write(event{Name: kind, Ph: "M", Pid: pid, Tid: tid, Args: map[string]any{"name": name}})
}

func dur(from, to trace.Time) *float64 {
	d := float64(to-from) / 1e3
	return &d
}

func (c *converter) goName(g trace.GoID) string {
	if n, ok := c.names[g]; ok {
		return n
	}
	return fmt.Sprintf("G%d", g)
}

func firstFunc(s trace.Stack) string {
	for f := range s.Frames() {
		return f.Func
	}
	return ""
}

// lastFunc is the outermost frame: the function a goroutine was started with.
func lastFunc(s trace.Stack) string {
	name := ""
	for f := range s.Frames() {
		name = f.Func
	}
	return name
}

func (c *converter) noteG(g trace.GoID) error {
	if g == trace.NoGoroutine || c.seenG[g] {
		return nil
	}
	c.seenG[g] = true
	c.sum.Goroutines++
	return nil
}

func (c *converter) handle(ev trace.Event) error {
	if !c.haveT0 {
		c.t0, c.haveT0 = ev.Time(), true
	}
	if ev.Time() > c.last {
		c.last = ev.Time()
	}
	if p := ev.Proc(); p != trace.NoProc && !c.seenP[p] {
		c.seenP[p] = true
		c.sum.Procs++
		if err := c.meta(pidProcs, int64(p), "thread_name", fmt.Sprintf("P%d", p)); err != nil {
			return err
		}
	}
	switch ev.Kind() {
	case trace.EventStateTransition:
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			return nil
		}
		g := st.Resource.Goroutine()
		from, to := st.Goroutine()
		if err := c.noteG(g); err != nil {
			return err
		}
		if _, ok := c.names[g]; !ok {
			// A new goroutine's transition stack is its starting stack; for
			// goroutines already running when tracing began, use what we see.
			if name := lastFunc(st.Stack); name != "" {
				c.names[g] = name
				if err := c.meta(pidGoroutines, int64(g), "thread_name", fmt.Sprintf("G%d %s", g, name)); err != nil {
					return err
				}
			}
		}
		if by := ev.Goroutine(); to == trace.GoRunnable && by != trace.NoGoroutine && by != g && (from == trace.GoNotExist || from == trace.GoWaiting) {
			name := "unblock"
			if from == trace.GoNotExist {
				name = "go"
			}
			c.flows++
			f := flow{id: fmt.Sprint(c.flows), name: name}
			c.pendingFlow[g] = f
			if err := c.emit(event{Name: f.name, Cat: "flow", Ph: "s", Ts: c.us(ev.Time()), Pid: pidGoroutines, Tid: int64(by), ID: f.id}); err != nil {
				return err
			}
		}
		if to == trace.GoRunning && from != trace.GoRunning {
			c.running[g] = openRange{start: ev.Time(), p: ev.Proc()}
			if f, ok := c.pendingFlow[g]; ok {
				delete(c.pendingFlow, g)
				if err := c.emit(event{Name: f.name, Cat: "flow", Ph: "f", Bp: "e", Ts: c.us(ev.Time()), Pid: pidGoroutines, Tid: int64(g), ID: f.id}); err != nil {
					return err
				}
			}
		}
		if from == trace.GoRunning && to != trace.GoRunning {
			if r, ok := c.running[g]; ok {
				delete(c.running, g)
				if err := c.runSlice(g, r, ev.Time(), to.String(), st.Reason, firstFunc(ev.Stack())); err != nil {
					return err
				}
			}
		}
	case trace.EventRangeBegin, trace.EventRangeActive:
		r := ev.Range()
		c.ranges[rangeKey{r.Name, r.Scope}] = openRange{start: ev.Time(), g: ev.Goroutine(), p: ev.Proc()}
		if ev.Kind() == trace.EventRangeBegin {
			switch {
			case r.Name == "GC concurrent mark phase":
				c.sum.GCCount++
			case strings.HasPrefix(r.Name, "stop-the-world"):
				c.sum.STWCount++
			}
		}
	case trace.EventRangeEnd:
		r := ev.Range()
		k := rangeKey{r.Name, r.Scope}
		open, ok := c.ranges[k]
		if !ok {
			return nil
		}
		delete(c.ranges, k)
		return c.rangeSlice(r, open, ev.Time())
	case trace.EventTaskBegin, trace.EventTaskEnd:
		t := ev.Task()
		ph := "b"
		if ev.Kind() == trace.EventTaskEnd {
			ph = "e"
		} else {
			c.sum.Tasks++
		}
		name := t.Type
		if name == "" {
			name = fmt.Sprintf("task %d", t.ID)
		}
		return c.emit(event{Name: name, Cat: "task", Ph: ph, Ts: c.us(ev.Time()), Pid: pidTasks, Tid: 1, ID: fmt.Sprint(uint64(t.ID)), Args: map[string]any{"task": uint64(t.ID), "parent": uint64(t.Parent)}})
	case trace.EventRegionBegin:
		g := ev.Goroutine()
		c.regions[g] = append(c.regions[g], regionFrame{ev.Region().Type, ev.Time()})
		c.sum.Regions++
	case trace.EventRegionEnd:
		g := ev.Goroutine()
		stack := c.regions[g]
		if len(stack) == 0 {
			return nil
		}
		top := stack[len(stack)-1]
		c.regions[g] = stack[:len(stack)-1]
		return c.emit(event{Name: top.name, Cat: "region", Ph: "X", Ts: c.us(top.start), Dur: dur(top.start, ev.Time()), Pid: pidGoroutines, Tid: int64(g), Args: map[string]any{"task": uint64(ev.Region().Task)}})
	case trace.EventLog:
		l := ev.Log()
		c.sum.Logs++
		return c.emit(event{Name: l.Category + ": " + l.Message, Cat: "log", Ph: "i", S: "t", Ts: c.us(ev.Time()), Pid: pidGoroutines, Tid: int64(ev.Goroutine()), Args: map[string]any{"category": l.Category, "message": l.Message, "task": uint64(l.Task)}})
	case trace.EventMetric:
		m := ev.Metric()
		if m.Value.Kind() != trace.ValueUint64 {
			return nil
		}
		return c.emit(event{Name: m.Name, Cat: "metric", Ph: "C", Ts: c.us(ev.Time()), Pid: pidGC, Tid: tidMetrics, Args: map[string]any{"value": m.Value.Uint64()}})
	}
	return nil
}

func (c *converter) runSlice(g trace.GoID, r openRange, end trace.Time, to, reason, where string) error {
	args := map[string]any{"goroutine": int64(g), "then": to}
	if reason != "" {
		args["reason"] = reason
	}
	if where != "" {
		args["stoppedIn"] = where
	}
	name := c.goName(g)
	if err := c.emit(event{Name: name, Cat: "running", Ph: "X", Ts: c.us(r.start), Dur: dur(r.start, end), Pid: pidGoroutines, Tid: int64(g), Args: args}); err != nil {
		return err
	}
	if r.p == trace.NoProc {
		return nil
	}
	return c.emit(event{Name: fmt.Sprintf("G%d %s", g, name), Cat: "proc", Ph: "X", Ts: c.us(r.start), Dur: dur(r.start, end), Pid: pidProcs, Tid: int64(r.p), Args: map[string]any{"goroutine": int64(g)}})
}

func (c *converter) rangeSlice(r trace.Range, open openRange, end trace.Time) error {
	d := int64(end - open.start)
	e := event{Name: r.Name, Cat: "gc", Ph: "X", Ts: c.us(open.start), Dur: dur(open.start, end), Pid: pidGC, Tid: tidGCMark}
	switch {
	case strings.HasPrefix(r.Name, "stop-the-world"):
		e.Cat, e.Tid = "stw", tidSTW
		c.sum.STWTotalNs += d
		if d > c.sum.STWMaxNs {
			c.sum.STWMaxNs = d
		}
	case r.Scope.Kind == trace.ResourceGoroutine:
		// Mark assists run on the goroutine that allocates: show them there.
		e.Pid, e.Tid = pidGoroutines, int64(r.Scope.Goroutine())
	case r.Scope.Kind == trace.ResourceProc:
		e.Tid = tidSweep + int64(r.Scope.Proc())
	}
	return c.emit(e)
}

func (c *converter) finish() error {
	// Close what is still open at the end of the trace, in a stable order.
	gs := make([]trace.GoID, 0, len(c.running))
	for g := range c.running {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i] < gs[j] })
	for _, g := range gs {
		if err := c.runSlice(g, c.running[g], c.last, "end of trace", "", ""); err != nil {
			return err
		}
	}
	c.sum.DurationNs = int64(c.last - c.t0)
	return nil
}

func convert(in io.Reader, out io.Writer, maxEvents int64, summaryOnly bool) (Summary, error) {
	w := bufio.NewWriterSize(out, 1<<16)
	c := &converter{
		w: w, maxEvents: maxEvents, first: true,
		running: map[trace.GoID]openRange{}, names: map[trace.GoID]string{}, seenG: map[trace.GoID]bool{},
		seenP: map[trace.ProcID]bool{}, ranges: map[rangeKey]openRange{}, regions: map[trace.GoID][]regionFrame{},
		pendingFlow: map[trace.GoID]flow{},
	}
	c.enc = json.NewEncoder(w)
	c.sum.MaxEvents = maxEvents
	// Read the header before writing anything, so that a file that is not a
	// trace produces an error and no half-written JSON.
	r, err := trace.NewReader(bufio.NewReaderSize(in, 1<<16))
	if err != nil {
		return c.sum, fmt.Errorf("not a Go execution trace this version can read: %w", err)
	}
	if summaryOnly {
		c.maxEvents = 0
		c.truncated = true
		c.w = bufio.NewWriter(io.Discard)
		c.enc = json.NewEncoder(c.w)
	} else {
		if _, err := w.WriteString(`{"displayTimeUnit":"ns","traceEvents":[` + "\n"); err != nil {
			return c.sum, err
		}
		for _, m := range []struct {
			pid  int
			name string
		}{{pidGoroutines, "Goroutines"}, {pidProcs, "Procs"}, {pidGC, "GC"}, {pidTasks, "Tasks"}} {
			if err := c.meta(m.pid, 0, "process_name", m.name); err != nil {
				return c.sum, err
			}
			if err := c.write(event{Name: "process_sort_index", Ph: "M", Pid: m.pid, Args: map[string]any{"sort_index": m.pid}}); err != nil {
				return c.sum, err
			}
		}
		for _, t := range []struct {
			tid  int64
			name string
		}{{tidGCMark, "GC"}, {tidSTW, "STW"}, {tidMetrics, "heap metrics"}} {
			if err := c.meta(pidGC, t.tid, "thread_name", t.name); err != nil {
				return c.sum, err
			}
		}
	}

	var readErr error
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			// Keep what was read: a trace cut short (program killed by a
			// timeout) is still worth showing.
			readErr = err
			break
		}
		c.sum.TraceEvents++
		if err := c.handle(ev); err != nil {
			return c.sum, err
		}
	}
	if err := c.finish(); err != nil {
		return c.sum, err
	}
	if readErr != nil {
		c.sum.Error = readErr.Error()
	}
	if summaryOnly {
		enc := json.NewEncoder(out)
		return c.sum, enc.Encode(c.sum)
	}
	otherData, err := json.Marshal(c.sum)
	if err != nil {
		return c.sum, err
	}
	if _, err := fmt.Fprintf(w, "],\n\"otherData\":%s}\n", otherData); err != nil {
		return c.sum, err
	}
	return c.sum, w.Flush()
}

func main() {
	maxEvents := flag.Int64("max-events", 500000, "stop emitting after this many events (the summary still covers the whole trace)")
	summaryOnly := flag.Bool("summary", false, "print only the summary as JSON")
	outPath := flag.String("o", "-", "output file (- for stdout)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: traceconv [-max-events N] [-summary] [-o out.json] trace.out\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *maxEvents < 0 {
		flag.Usage()
		os.Exit(2)
	}
	var in io.Reader = os.Stdin
	if p := flag.Arg(0); p != "-" {
		f, err := os.Open(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "traceconv:", err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	var out io.Writer = os.Stdout
	if *outPath != "-" {
		f, err := os.Create(*outPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "traceconv:", err)
			os.Exit(1)
		}
		defer f.Close()
		out = f
	}
	if _, err := convert(in, out, *maxEvents, *summaryOnly); err != nil {
		fmt.Fprintln(os.Stderr, "traceconv:", err)
		if errors.Is(err, io.ErrUnexpectedEOF) {
			os.Exit(3)
		}
		os.Exit(1)
	}
}
