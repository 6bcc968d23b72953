//go:build race

package auditlog

// The race detector makes sync.Pool drop objects at random on purpose (to
// expose code that relies on getting its own object back), so allocation
// counts are meaningless under -race; the test checks something else then.
const raceEnabled = true
