// Package tally summarises counts kept in maps for reports.
package tally

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// Entry is one row of a report.
type Entry struct {
	Key   string
	Count int
}

// Top returns the n entries with the highest counts, highest first. Ties are
// broken by key in ascending order, so the report is the same on every run.
// n larger than len(counts) returns every entry.
func Top(counts map[string]int, n int) []Entry {
	// Map iteration order is random on purpose: collect, then sort by a
	// total order (count desc, key asc) before cutting.
	out := make([]Entry, 0, len(counts))
	for k, c := range counts {
		out = append(out, Entry{k, c})
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
	})
	return out[:min(n, len(out))]
}

// ByCount groups keys by their count: for each count, the keys that have it,
// in ascending order.
func ByCount(counts map[string]int) map[int][]string {
	groups := map[int][]string{}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		c := counts[k]
		groups[c] = append(groups[c], k)
	}
	return groups
}
