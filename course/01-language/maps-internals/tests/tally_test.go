package tally

import (
	"fmt"
	"slices"
	"testing"
)

func sample() map[string]int {
	m := map[string]int{}
	for i := range 40 {
		m[fmt.Sprintf("drug-%02d", i)] = i % 7
	}
	return m
}

// Map iteration order changes between range loops, so each check runs
// several times: an order-dependent implementation cannot pass by luck.
const rounds = 20

func TestTopIsSortedAndStable(t *testing.T) {
	want := []Entry{{"drug-06", 6}, {"drug-13", 6}, {"drug-20", 6}, {"drug-27", 6}, {"drug-34", 6}, {"drug-05", 5}, {"drug-12", 5}}
	for range rounds {
		if got := Top(sample(), 7); !slices.Equal(got, want) {
			t.Fatalf("Top(sample, 7) = %v\nwant %v", got, want)
		}
	}
}

func TestTopMoreThanAvailable(t *testing.T) {
	got := Top(map[string]int{"b": 1, "a": 1, "c": 3}, 10)
	want := []Entry{{"c", 3}, {"a", 1}, {"b", 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("Top = %v, want %v", got, want)
	}
	if got := Top(nil, 3); len(got) != 0 {
		t.Fatalf("Top(nil, 3) = %v, want empty", got)
	}
}

func TestByCountSortsKeys(t *testing.T) {
	for range rounds {
		groups := ByCount(sample())
		if len(groups) != 7 {
			t.Fatalf("ByCount has %d groups, want 7", len(groups))
		}
		want := []string{"drug-00", "drug-07", "drug-14", "drug-21", "drug-28", "drug-35"}
		if got := groups[0]; !slices.Equal(got, want) {
			t.Fatalf("ByCount[0] = %v, want %v", got, want)
		}
	}
}
