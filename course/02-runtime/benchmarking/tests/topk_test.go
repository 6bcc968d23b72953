package topk

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func intLess(a, b int) bool { return a < b }

func randomInts(n int, seed uint64) []int {
	r := rand.New(rand.NewPCG(seed, 1))
	xs := make([]int, n)
	for i := range xs {
		xs[i] = r.IntN(1_000_000)
	}
	return xs
}

// expected computes the answer the slow, obvious way.
func expected(xs []int, k int) []int {
	s := slices.Clone(xs)
	slices.Sort(s)
	slices.Reverse(s)
	return s[:max(0, min(k, len(s)))]
}

func TestLargestMatchesSorting(t *testing.T) {
	cases := []struct {
		xs []int
		k  int
	}{
		{nil, 3},
		{[]int{5}, 0},
		{[]int{5}, -1},
		{[]int{3, 1, 2}, 5},
		{[]int{4, 4, 4, 1, 4}, 2},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3},
		{[]int{9, 8, 7, 6, 5, 4, 3, 2, 1}, 3},
		{randomInts(1000, 1), 10},
		{randomInts(1000, 2), 1000},
	}
	for _, c := range cases {
		in := slices.Clone(c.xs)
		got := Largest(in, c.k, intLess)
		if w := expected(c.xs, c.k); !slices.Equal(got, w) && !(len(got) == 0 && len(w) == 0) {
			t.Errorf("Largest(len %d, k=%d) = %v, want %v", len(c.xs), c.k, head(got), head(w))
		}
		if !slices.Equal(in, c.xs) {
			t.Errorf("Largest modified its input")
		}
	}
}

func head(xs []int) []int { return xs[:min(len(xs), 12)] }

func TestLargestComparisonBudget(t *testing.T) {
	xs := randomInts(20_000, 3)
	cmps := 0
	Largest(xs, 10, func(a, b int) bool { cmps++; return a < b })
	// Sorting everything costs about n*log2(n) = 280k comparisons here; a
	// bounded heap needs little more than one comparison per element.
	if budget := 3 * len(xs); cmps > budget {
		t.Fatalf("Largest(n=%d, k=10) made %d comparisons; the budget is %d (3 per element): do not sort the whole input", len(xs), cmps, budget)
	}
}

func BenchmarkLargest(b *testing.B) {
	xs := randomInts(100_000, 4)
	cmps := 0
	less := func(a, b int) bool { cmps++; return a < b }
	for b.Loop() {
		Largest(xs, 10, less)
	}
	b.ReportMetric(float64(cmps)/float64(b.N), "cmps/op")
}
