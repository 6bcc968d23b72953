// Package preview shortens texts for list views.
package preview

// Ellipsis marks a truncated text. It counts as one character.
const Ellipsis = "…"

// Truncate shortens s to at most n characters (runes), the ellipsis
// included. Texts that fit are returned unchanged; the ellipsis is added
// only when something was cut. n <= 0 yields "".
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	// Walk rune boundaries once, remembering where the (n-1)th rune ends:
	// that is where we cut if the text turns out to have more than n runes.
	// No []rune conversion, so a text that fits costs no allocation.
	cut := 0
	count := 0
	for i := range s {
		if count == n-1 {
			cut = i
		}
		if count == n {
			return s[:cut] + Ellipsis
		}
		count++
	}
	return s
}
