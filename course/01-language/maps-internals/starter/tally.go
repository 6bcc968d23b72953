// Package tally summarises counts kept in maps for reports.
package tally

// Entry is one row of a report.
type Entry struct {
	Key   string
	Count int
}

// Top returns the n entries with the highest counts, highest first. Ties are
// broken by key in ascending order, so the report is the same on every run.
// n larger than len(counts) returns every entry.
func Top(counts map[string]int, n int) []Entry {
	var out []Entry
	for k, c := range counts {
		out = append(out, Entry{k, c})
		if len(out) == n {
			break
		}
	}
	return out
}

// ByCount groups keys by their count: for each count, the keys that have it,
// in ascending order.
func ByCount(counts map[string]int) map[int][]string {
	groups := map[int][]string{}
	for k, c := range counts {
		groups[c] = append(groups[c], k)
	}
	return groups
}
