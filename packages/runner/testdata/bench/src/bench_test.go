package bn

import (
	"strings"
	"testing"
)

func BenchmarkConcat(b *testing.B) {
	for b.Loop() {
		var s string
		for i := 0; i < 10; i++ {
			s += "x"
		}
		_ = s
	}
}

func BenchmarkBuilder(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(strings.Repeat("n", 1)+"="+itoa(n), func(b *testing.B) {
			for b.Loop() {
				var sb strings.Builder
				for i := 0; i < n; i++ {
					sb.WriteByte('x')
				}
				_ = sb.String()
			}
		})
	}
}

func BenchmarkCopy(b *testing.B) {
	buf := make([]byte, 4096)
	dst := make([]byte, 4096)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		copy(dst, buf)
	}
	b.ReportMetric(42, "widgets/op")
}

func itoa(n int) string {
	if n == 10 {
		return "10"
	}
	return "100"
}
