// Command pprofsynth writes a large, valid CPU profile with many distinct
// stacks, for the decode and flame-graph benchmarks in bench/. Real programs
// rarely produce 100,000 distinct stacks in a short run, so the stacks are
// synthesised, but the file is encoded by github.com/google/pprof/profile,
// the same package `go tool pprof` reads it with.
//
// Stacks are random walks down a synthetic call graph (each function calls a
// few others). With -skew > 0 a function calls its first callee far more
// often than the others (probability ~ 1/(k+1)^skew), so stacks share long
// hot prefixes and differ towards the leaves, as real call stacks do; -skew 0
// makes every call equally likely, the worst case for a flame graph (stacks
// diverge after a few frames). A quarter of the locations carry an inlined
// frame.
//
// A real CPU profile records program counters, so one function appears at
// several locations (lines) and two stacks through the same functions that
// stopped at different lines of the leaf are distinct stacks to pprof: -pcs sets how many locations
// each function has (default 4), and distinctness is counted, as pprof does,
// on location ids. -paths N draws the stacks as location variants of N
// function-level paths (a program has far fewer call paths than PC-level
// stacks). -pcs 1 -skew 0 is the worst case for a flame graph.
//
//	go run . -o out.pb.gz -stacks 100000 -samples 100000 -funcs 3000
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/google/pprof/profile"
)

func main() {
	out := flag.String("o", "synth.pb.gz", "output file (gzipped pprof)")
	stacks := flag.Int("stacks", 100_000, "number of distinct stacks")
	samples := flag.Int("samples", 100_000, "number of samples (>= stacks; extra samples repeat stacks with other labels)")
	funcs := flag.Int("funcs", 3000, "number of distinct functions")
	maxDepth := flag.Int("depth", 40, "maximum stack depth")
	seed := flag.Uint64("seed", 1, "random seed")
	skew := flag.Float64("skew", 2, "callee choice skew (0 = uniform)")
	pcs := flag.Int("pcs", 4, "locations (program counters) per function")
	paths := flag.Int("paths", 0, "distinct function-level call paths the stacks are variants of (0 = every stack its own random walk)")
	flag.Parse()
	if *samples < *stacks {
		*samples = *stacks
	}

	rng := rand.New(rand.NewPCG(*seed, 0x9e3779b97f4a7c15))
	p := &profile.Profile{
		SampleType:    []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        10_000_000,
		TimeNanos:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano(),
		DurationNanos: int64(30 * time.Second),
	}
	mapping := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x4000000, File: "/tmp/synth", HasFunctions: true, HasFilenames: true, HasLineNumbers: true, HasInlineFrames: true}
	p.Mapping = []*profile.Mapping{mapping}

	pkgs := []string{"main", "net/http", "encoding/json", "runtime", "example.com/app/store", "example.com/app/api", "sync", "bytes"}
	fns := make([]*profile.Function, *funcs)
	for i := range fns {
		pkg := pkgs[rng.IntN(len(pkgs))]
		fns[i] = &profile.Function{
			ID:        uint64(i + 1),
			Name:      fmt.Sprintf("%s.fn%d", pkg, i),
			Filename:  fmt.Sprintf("/src/%s/file%d.go", strings.ReplaceAll(pkg, "/", "_"), i%50),
			StartLine: int64(10 + i%400),
		}
	}
	p.Function = fns

	// Each function has -pcs locations (lines); every fourth location also
	// has an inlined callee.
	locs := make([][]*profile.Location, *funcs)
	for i := range locs {
		for k := range *pcs {
			id := uint64(len(p.Location) + 1)
			l := &profile.Location{ID: id, Mapping: mapping, Address: 0x400000 + id*16}
			if id%4 == 0 {
				inl := fns[rng.IntN(len(fns))]
				l.Line = append(l.Line, profile.Line{Function: inl, Line: inl.StartLine + 2})
			}
			l.Line = append(l.Line, profile.Line{Function: fns[i], Line: fns[i].StartLine + int64(k*3+rng.IntN(3))})
			locs[i] = append(locs[i], l)
			p.Location = append(p.Location, l)
		}
	}

	// A call graph: each function calls 2-6 others.
	callees := make([][]int, *funcs)
	for i := range callees {
		n := 2 + rng.IntN(5)
		for range n {
			callees[i] = append(callees[i], rng.IntN(*funcs))
		}
	}
	roots := []int{0, 1, 2, 3}
	pick := func(n int) int {
		if *skew == 0 {
			return rng.IntN(n)
		}
		var sum float64
		for k := range n {
			sum += 1 / math.Pow(float64(k+1), *skew)
		}
		r := rng.Float64() * sum
		for k := range n {
			r -= 1 / math.Pow(float64(k+1), *skew)
			if r <= 0 {
				return k
			}
		}
		return n - 1
	}

	// Function-level call paths first (at most -paths of them), then
	// location-level variants of those paths until -stacks are distinct.
	walk := func() []int {
		depth := 3 + rng.IntN(*maxDepth-2)
		f := roots[rng.IntN(len(roots))]
		path := []int{f}
		for len(path) < depth {
			c := callees[f]
			f = c[pick(len(c))]
			path = append(path, f)
		}
		return path
	}
	var fnPaths [][]int
	if *paths > 0 {
		seenPath := make(map[string]bool, *paths)
		for len(fnPaths) < *paths {
			path := walk()
			key := fmt.Sprint(path)
			if !seenPath[key] {
				seenPath[key] = true
				fnPaths = append(fnPaths, path)
			}
		}
	}
	seen := make(map[string]bool, *stacks)
	var distinct [][]*profile.Location
	for len(distinct) < *stacks {
		var path []int
		if fnPaths != nil {
			path = fnPaths[rng.IntN(len(fnPaths))]
		} else {
			path = walk()
		}
		st := make([]*profile.Location, len(path))
		var key strings.Builder
		for i, id := range path {
			// A caller's location is the call site of its callee, fixed per
			// (caller, callee) edge; only the leaf's location (where the CPU
			// was) varies from sample to sample.
			var l *profile.Location
			if i < len(path)-1 {
				l = locs[id][(path[i+1]*31+id)%*pcs]
			} else {
				l = locs[id][rng.IntN(*pcs)]
			}
			st[len(path)-1-i] = l // pprof stores the leaf first.
			fmt.Fprintf(&key, "%d,", l.ID)
		}
		if seen[key.String()] {
			continue
		}
		seen[key.String()] = true
		distinct = append(distinct, st)
	}
	tenants := []string{"alpha", "beta", "gamma"}
	for i := range *samples {
		st := distinct[i%len(distinct)]
		n := int64(1 + rng.IntN(20))
		p.Sample = append(p.Sample, &profile.Sample{
			Location: st,
			Value:    []int64{n, n * p.Period},
			Label:    map[string][]string{"tenant": {tenants[i%len(tenants)]}},
		})
	}

	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := p.Write(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
