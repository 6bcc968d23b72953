package batch

import (
	"slices"
	"testing"
)

func TestSplitShapes(t *testing.T) {
	cases := []struct {
		items []int
		size  int
		want  [][]int
	}{
		{[]int{1, 2, 3, 4, 5}, 2, [][]int{{1, 2}, {3, 4}, {5}}},
		{[]int{1, 2, 3, 4}, 2, [][]int{{1, 2}, {3, 4}}},
		{[]int{1, 2}, 5, [][]int{{1, 2}}},
		{nil, 3, [][]int{}},
	}
	for _, c := range cases {
		got := Split(c.items, c.size)
		if len(got) != len(c.want) {
			t.Fatalf("Split(%v, %d) = %v, want %v", c.items, c.size, got, c.want)
		}
		for i := range got {
			if !slices.Equal(got[i], c.want[i]) {
				t.Fatalf("Split(%v, %d) = %v, want %v", c.items, c.size, got, c.want)
			}
		}
	}
}

func TestSplitAppendDoesNotClobberNextBatch(t *testing.T) {
	items := []int{1, 2, 3, 4, 5, 6}
	batches := Split(items, 3)
	_ = append(batches[0], -1) // a caller adds a trailer record to the first batch
	if !slices.Equal(batches[1], []int{4, 5, 6}) {
		t.Fatalf("after appending to batch 0, batch 1 = %v, want [4 5 6]: the batches share a backing array", batches[1])
	}
	if !slices.Equal(items, []int{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("after appending to batch 0, items = %v, want [1 2 3 4 5 6]", items)
	}
}

func TestWithoutKeepsInput(t *testing.T) {
	items := []int{10, 20, 30, 40}
	got := Without(items, 1)
	if !slices.Equal(got, []int{10, 30, 40}) {
		t.Fatalf("Without([10 20 30 40], 1) = %v, want [10 30 40]", got)
	}
	if !slices.Equal(items, []int{10, 20, 30, 40}) {
		t.Fatalf("Without modified its input: items = %v, want [10 20 30 40]", items)
	}
	got = append(got, 50)
	if !slices.Equal(items, []int{10, 20, 30, 40}) {
		t.Fatalf("appending to the result of Without changed the input: %v", items)
	}
}

func TestWithoutEnds(t *testing.T) {
	if got := Without([]int{1, 2, 3}, 0); !slices.Equal(got, []int{2, 3}) {
		t.Fatalf("Without([1 2 3], 0) = %v, want [2 3]", got)
	}
	if got := Without([]int{1, 2, 3}, 2); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("Without([1 2 3], 2) = %v, want [1 2]", got)
	}
}

var sink [][]int

func BenchmarkSplit(b *testing.B) {
	items := make([]int, 10_000)
	for b.Loop() {
		sink = Split(items, 100)
	}
}
