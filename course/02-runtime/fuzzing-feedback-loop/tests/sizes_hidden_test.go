package sizes

import (
	"errors"
	"math"
	"math/big"
	"regexp"
	"testing"
)

func TestParseSizeTable(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		err  error
	}{
		{"0", 0, nil},
		{"42", 42, nil},
		{"42B", 42, nil},
		{"+7MB", 7_000_000, nil},
		{"10KiB", 10 << 10, nil},
		{"512MiB", 512 << 20, nil},
		{"8589934591GiB", 8589934591 << 30, nil}, // the largest whole number of GiB
		{"9223372036854775807", math.MaxInt64, nil},
		{"", 0, ErrSyntax},
		{"+", 0, ErrSyntax},
		{"MiB", 0, ErrSyntax},
		{"-5", 0, ErrSyntax},
		{"5 MiB", 0, ErrSyntax},
		{"5mib", 0, ErrSyntax},
		{"1.5GiB", 0, ErrSyntax},
		{"9223372036854775808", 0, ErrRange},
		{"8589934592GiB", 0, ErrRange},   // 2^63 bytes: one past the limit
		{"9999999999999GB", 0, ErrRange}, // wraps around to a positive number
		{"99999999999999999999xB", 0, ErrSyntax},
	}
	for _, c := range cases {
		got, err := ParseSize(c.in)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("ParseSize(%q) = %d, %v; want an error wrapping %v", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

var hiddenSyntax = regexp.MustCompile(`^\+?([0-9]+)(B|KB|MB|GB|KiB|MiB|GiB)?$`)

// FuzzParseSizeOracle replays the inputs in testdata/fuzz/FuzzParseSizeOracle
// (found by fuzzing earlier versions of this package) against an exact
// big-integer implementation.
func FuzzParseSizeOracle(f *testing.F) {
	f.Add("1GiB")
	f.Fuzz(func(t *testing.T, s string) {
		var wantErr error
		var want int64
		if m := hiddenSyntax.FindStringSubmatch(s); m == nil {
			wantErr = ErrSyntax
		} else {
			n, _ := new(big.Int).SetString(m[1], 10)
			mult := map[string]int64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}[m[2]]
			n.Mul(n, big.NewInt(mult))
			if n.IsInt64() {
				want = n.Int64()
			} else {
				wantErr = ErrRange
			}
		}
		got, err := ParseSize(s)
		if wantErr != nil && !errors.Is(err, wantErr) {
			t.Fatalf("ParseSize(%q) = %d, %v; want an error wrapping %v", s, got, err, wantErr)
		}
		if wantErr == nil && (err != nil || got != want) {
			t.Fatalf("ParseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	})
}
