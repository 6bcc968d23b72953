package sum

// Sum returns the sum of xs.
func Sum(xs []int) int {
	return 0
}
