package sizes

import (
	"errors"
	"math/big"
	"regexp"
	"testing"
)

// Run the fuzzer with: go test -fuzz=FuzzParseSize -fuzztime=30s
// Inputs that fail are saved under testdata/fuzz/FuzzParseSize/ and from
// then on every plain `go test` replays them: keep them as regression tests.
func FuzzParseSize(f *testing.F) {
	for _, seed := range []string{"0", "10KiB", "+7MB", "512MiB", "3GB", "4096"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSize(s)
		want, wantErr := oracle(s)
		switch {
		case wantErr != nil && !errors.Is(err, wantErr):
			t.Fatalf("ParseSize(%q) = %d, %v; want an error wrapping %v", s, got, err, wantErr)
		case wantErr == nil && (err != nil || got != want):
			t.Fatalf("ParseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	})
}

var sizeSyntax = regexp.MustCompile(`^\+?([0-9]+)(B|KB|MB|GB|KiB|MiB|GiB)?$`)

// oracle is a slow, obviously correct ParseSize: exact big-integer
// arithmetic cannot overflow, so it is a reference to compare against.
func oracle(s string) (int64, error) {
	m := sizeSyntax.FindStringSubmatch(s)
	if m == nil {
		return 0, ErrSyntax
	}
	n, _ := new(big.Int).SetString(m[1], 10)
	n.Mul(n, big.NewInt(units[m[2]]))
	if !n.IsInt64() {
		return 0, ErrRange
	}
	return n.Int64(), nil
}
