// Benchmarks used to capture the benchstat fixtures (see ../README.md).
// VARIANT=new switches string joining from += to strings.Builder, so the two
// captured files show a real improvement in time and allocations.
package benchfixture

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

var sink string

func join(parts []string) string {
	if os.Getenv("VARIANT") == "new" {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p)
		}
		return b.String()
	}
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}

func BenchmarkJoin(b *testing.B) {
	for _, n := range []int{4, 64} {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprint(i)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				sink = join(parts)
				total += len(sink)
			}
			b.SetBytes(int64(len(sink)))
			b.ReportMetric(float64(len(parts)), "parts/op")
		})
	}
}

func BenchmarkSprint(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = fmt.Sprint(42, "x", 3.5)
	}
}
