// Command oracle prints golang.org/x/perf/benchmath's exact numbers (median,
// CI bounds, U-test p-value) for pairs of samples read as JSON from stdin, so
// the TypeScript benchstat can be checked to 1e-6 where benchstat's own output
// rounds p to three digits.
package main

import (
	"encoding/json"
	"os"

	"golang.org/x/perf/benchmath"
)

type pair struct {
	Old, New   []float64
	Confidence float64
}

type summary struct {
	Center, Lo, Hi, Confidence float64
	Warnings                   []string
}

type result struct {
	Old, New summary
	P        float64
	Warnings []string
}

// Infinite bounds do not fit JSON numbers: encode them as ±1e308.
func clamp(x float64) float64 {
	if x > 1e308 {
		return 1e308
	}
	if x < -1e308 {
		return -1e308
	}
	return x
}

func sum(s *benchmath.Sample, conf float64) summary {
	r := benchmath.AssumeNothing.Summary(s, conf)
	out := summary{r.Center, clamp(r.Lo), clamp(r.Hi), r.Confidence, []string{}}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, w.Error())
	}
	return out
}

func main() {
	var in []pair
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	th := benchmath.DefaultThresholds
	var out []result
	for _, p := range in {
		a := benchmath.NewSample(p.Old, &th)
		b := benchmath.NewSample(p.New, &th)
		c := benchmath.AssumeNothing.Compare(a, b)
		r := result{Old: sum(a, p.Confidence), New: sum(b, p.Confidence), P: c.P, Warnings: []string{}}
		for _, w := range c.Warnings {
			r.Warnings = append(r.Warnings, w.Error())
		}
		out = append(out, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
