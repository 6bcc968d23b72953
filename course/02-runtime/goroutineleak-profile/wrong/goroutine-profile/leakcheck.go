// Package leakcheck turns the goroutineleak profile into a short report a
// service can log or export as a metric.
package leakcheck

import (
	"bytes"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
)

// Leak is one place in your code where goroutines are stuck for good.
type Leak struct {
	// Func is the innermost frame of a leaked stack whose function name
	// starts with the prefix given to Find, for example
	// "example.com/shop.(*Cache).refresh.func1".
	Func string
	// Count is how many leaked goroutines are stuck in Func, summed over
	// every stack that ends there.
	Count int
}

// Find collects the goroutineleak profile in its text form (debug=1) and
// returns one Leak per distinct Func, sorted by Func. A stack with no frame
// whose function name starts with prefix is left out: that leak is not in
// your code. With prefix "" every stack is reported under its innermost
// frame. A goroutine that is only waiting for work that can still arrive is
// never reported.
func Find(prefix string) ([]Leak, error) {
	// Every goroutine parked on a channel or a lock looks stuck.
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil, err
	}

	counts := map[string]int{}
	records := 0  // goroutines in the current record
	named := true // the current record already has its Func
	for line := range strings.Lines(buf.String()) {
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "# labels:"):
			// Labels of the record's goroutines, not a frame.
		case strings.HasPrefix(line, "#"):
			// A frame, innermost first: "#\t0x4b2c1d\tpkg.fn+0x1d\t/src/f.go:20".
			// The runtime frames at the top are already hidden, but sync's
			// internals are not: keep looking until a frame is ours.
			fields := strings.Fields(line)
			if named || len(fields) < 3 {
				continue
			}
			fn := fields[2]
			if i := strings.LastIndex(fn, "+"); i >= 0 {
				fn = fn[:i]
			}
			if strings.HasPrefix(fn, prefix) {
				counts[fn] += records
				named = true
			}
		default:
			// "3 @ 0x4864ea 0x41535c ...": a new record of 3 goroutines with
			// the same stack. The header line and blank lines do not match.
			n, _, ok := strings.Cut(line, " @ ")
			if !ok {
				continue
			}
			c, err := strconv.Atoi(n)
			if err != nil {
				continue
			}
			records, named = c, false
		}
	}

	leaks := make([]Leak, 0, len(counts))
	for fn, n := range counts {
		leaks = append(leaks, Leak{Func: fn, Count: n})
	}
	slices.SortFunc(leaks, func(a, b Leak) int { return strings.Compare(a.Func, b.Func) })
	return leaks, nil
}
