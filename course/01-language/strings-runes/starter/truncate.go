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
	if len(s) <= n {
		return s
	}
	return s[:n-1] + Ellipsis
}
