// Package gcstats turns the runtime's GC pause histogram into the
// percentiles an SLO is written in.
package gcstats

import (
	"math"
	"runtime/metrics"
)

// PauseMetric is the runtime/metrics histogram of stop-the-world pauses
// caused by the GC (Go 1.22 and later; it replaces /gc/pauses:seconds).
const PauseMetric = "/sched/pauses/total/gc:seconds"

// ReadPauses returns the current GC pause histogram.
func ReadPauses() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: PauseMetric}}
	metrics.Read(s)
	return s[0].Value.Float64Histogram()
}

// Quantile returns an upper bound for the q-quantile (0 <= q <= 1) of the
// values recorded in h: the upper boundary of the bucket that holds the
// value of rank ceil(q*total). The histogram only knows buckets, so the
// upper boundary is the honest answer ("99% of pauses were at most X").
// When that bucket is unbounded above, its lower boundary is returned.
// An empty histogram has no quantiles: the result is 0.
func Quantile(h *metrics.Float64Histogram, q float64) float64 {
	var total uint64
	for _, c := range h.Counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	q = min(max(q, 0), 1)
	rank := max(uint64(math.Ceil(q*float64(total))), 1)
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if seen >= rank {
			upper := h.Buckets[i+1]
			if math.IsInf(upper, 1) {
				return h.Buckets[i]
			}
			return upper
		}
	}
	return h.Buckets[len(h.Buckets)-1]
}

// Summary is the usual pause SLO view: p50, p90, p99 and the maximum.
type Summary struct {
	Count              uint64
	P50, P90, P99, Max float64
}

// Summarize computes a Summary of h.
func Summarize(h *metrics.Float64Histogram) Summary {
	var n uint64
	for _, c := range h.Counts {
		n += c
	}
	return Summary{
		Count: n,
		P50:   Quantile(h, 0.50),
		P90:   Quantile(h, 0.90),
		P99:   Quantile(h, 0.99),
		Max:   Quantile(h, 1),
	}
}
