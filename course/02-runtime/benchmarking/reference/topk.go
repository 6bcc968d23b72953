// Package topk picks the k largest elements of a slice, for dashboards that
// show the "top 10" of a large data set.
package topk

// Largest returns the k largest elements of xs in descending order
// according to less (less(a, b) reports whether a orders before b). It
// does not modify xs. If k exceeds len(xs) all elements are returned; if
// k <= 0 the result is empty.
func Largest[T any](xs []T, k int, less func(a, b T) bool) []T {
	if k <= 0 || len(xs) == 0 {
		return nil
	}
	k = min(k, len(xs))
	// A min-heap of the k largest seen so far: its root is the smallest of
	// them, so most elements of a large input are rejected after a single
	// comparison with the root. That is O(n log k) comparisons at worst and
	// close to n in practice, against O(n log n) for sorting everything,
	// and it needs k slots of memory instead of a copy of xs.
	h := make([]T, 0, k)
	for _, x := range xs {
		if len(h) < k {
			h = append(h, x)
			siftUp(h, len(h)-1, less)
		} else if less(h[0], x) {
			h[0] = x
			siftDown(h, 0, less)
		}
	}
	// Heap sort: moving the minimum to the end, one by one, leaves the
	// slice in descending order.
	for end := len(h) - 1; end > 0; end-- {
		h[0], h[end] = h[end], h[0]
		siftDown(h[:end], 0, less)
	}
	return h
}

func siftUp[T any](h []T, i int, less func(a, b T) bool) {
	for i > 0 {
		parent := (i - 1) / 2
		if !less(h[i], h[parent]) {
			return
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

func siftDown[T any](h []T, i int, less func(a, b T) bool) {
	for {
		smallest, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && less(h[l], h[smallest]) {
			smallest = l
		}
		if r < len(h) && less(h[r], h[smallest]) {
			smallest = r
		}
		if smallest == i {
			return
		}
		h[i], h[smallest] = h[smallest], h[i]
		i = smallest
	}
}
