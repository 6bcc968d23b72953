package gcstats

import (
	"math"
	"runtime"
	"runtime/metrics"
	"testing"
)

func hist(buckets []float64, counts ...uint64) *metrics.Float64Histogram {
	return &metrics.Float64Histogram{Buckets: buckets, Counts: counts}
}

func TestQuantileReturnsBucketUpperBound(t *testing.T) {
	// Buckets [0,1) [1,2) [2,4) [4,8) holding 50, 40, 9 and 1 values.
	h := hist([]float64{0, 1, 2, 4, 8}, 50, 40, 9, 1)
	cases := []struct{ q, want float64 }{
		{0.10, 1}, {0.50, 1}, {0.51, 2}, {0.90, 2}, {0.95, 4}, {0.99, 4}, {1, 8},
	}
	for _, c := range cases {
		if got := Quantile(h, c.q); got != c.want {
			t.Errorf("Quantile(q=%v) = %v, want %v (the upper bound of the bucket holding rank ceil(q*100))", c.q, got, c.want)
		}
	}
}

func TestQuantileSkipsEmptyBuckets(t *testing.T) {
	h := hist([]float64{0, 1e-6, 1e-5, 1e-4, 1e-3}, 0, 0, 3, 0)
	for _, q := range []float64{0, 0.5, 1} {
		if got := Quantile(h, q); got != 1e-4 {
			t.Errorf("Quantile(q=%v) = %v, want 1e-4: all values are in [1e-5, 1e-4)", q, got)
		}
	}
}

func TestQuantileInfiniteBounds(t *testing.T) {
	h := hist([]float64{math.Inf(-1), 0.5, 2, math.Inf(1)}, 1, 1, 2)
	if got := Quantile(h, 1); got != 2 {
		t.Errorf("max of a histogram whose last bucket is [2, +Inf) = %v, want its finite lower bound 2", got)
	}
	if got := Quantile(h, 0.25); got != 0.5 {
		t.Errorf("Quantile(0.25) = %v, want 0.5", got)
	}
}

func TestQuantileEmpty(t *testing.T) {
	h := hist([]float64{0, 1, 2}, 0, 0)
	if got := Quantile(h, 0.99); got != 0 {
		t.Errorf("Quantile of an empty histogram = %v, want 0", got)
	}
}

func TestSummarizeRealPauses(t *testing.T) {
	before := Summarize(ReadPauses()).Count
	for range 5 {
		runtime.GC()
	}
	s := Summarize(ReadPauses())
	// Every GC cycle stops the world twice (sweep termination, mark termination).
	if s.Count < before+10 {
		t.Fatalf("pause count went from %d to %d after 5 forced GCs, want at least +10", before, s.Count)
	}
	if !(s.P50 > 0 && s.P50 <= s.P90 && s.P90 <= s.P99 && s.P99 <= s.Max) {
		t.Fatalf("percentiles must be positive and ordered: %+v", s)
	}
	if s.Max > 1 {
		t.Fatalf("a GC pause of %v s in a tiny test program is not plausible", s.Max)
	}
}
