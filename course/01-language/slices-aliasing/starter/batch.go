// Package batch cuts work items into batches for a bulk API.
package batch

// Split cuts items into consecutive batches of at most size elements.
// Callers may append to a returned batch (for example to add a trailer
// record) without affecting the other batches or items.
// size must be positive.
func Split(items []int, size int) [][]int {
	if size <= 0 {
		panic("batch: size must be positive")
	}
	batches := make([][]int, 0, (len(items)+size-1)/size)
	for start := 0; start < len(items); start += size {
		end := min(start+size, len(items))
		batches = append(batches, items[start:end])
	}
	return batches
}

// Without returns the items except the one at index i.
// The caller's slice must not be modified.
func Without(items []int, i int) []int {
	return append(items[:i], items[i+1:]...)
}
