// Package topk picks the k largest elements of a slice, for dashboards that
// show the "top 10" of a large data set.
package topk

import "slices"

// Largest returns the k largest elements of xs in descending order
// according to less (less(a, b) reports whether a orders before b). It
// does not modify xs. If k exceeds len(xs) all elements are returned; if
// k <= 0 the result is empty.
func Largest[T any](xs []T, k int, less func(a, b T) bool) []T {
	if k <= 0 {
		return nil
	}
	sorted := slices.Clone(xs)
	slices.SortFunc(sorted, func(a, b T) int {
		switch {
		case less(b, a):
			return -1
		case less(a, b):
			return 1
		}
		return 0
	})
	return sorted[:min(k, len(sorted))]
}
