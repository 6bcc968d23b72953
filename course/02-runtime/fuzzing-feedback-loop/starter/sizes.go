// Package sizes parses human-written sizes such as "512MiB" in
// configuration files.
package sizes

import (
	"errors"
	"fmt"
	"strconv"
)

var (
	// ErrSyntax reports a size that is not <digits><unit>.
	ErrSyntax = errors.New("invalid size syntax")
	// ErrRange reports a size that does not fit in an int64 number of bytes.
	ErrRange = errors.New("size out of range")
)

var units = map[string]int64{
	"": 1, "B": 1,
	"KB": 1000, "MB": 1000 * 1000, "GB": 1000 * 1000 * 1000,
	"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
}

// ParseSize parses an optional '+', decimal digits and an optional unit
// (B, KB, MB, GB, KiB, MiB, GiB) into a number of bytes. Errors wrap
// ErrSyntax or ErrRange and quote the input.
func ParseSize(s string) (int64, error) {
	if s[0] == '+' {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q: %w", s, ErrSyntax)
	}
	mult, ok := units[s[i:]]
	if !ok {
		return 0, fmt.Errorf("size %q: unknown unit: %w", s, ErrSyntax)
	}
	return n * mult, nil
}
