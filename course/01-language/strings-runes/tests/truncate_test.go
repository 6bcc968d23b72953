package preview

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncateASCII(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello world", 5, "hell…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"", 3, ""},
	}
	for _, c := range cases {
		if got := Truncate(c.in, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestTruncateMultiByte(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"患者报告结局", 6, "患者报告结局"}, // 6 runes, 18 bytes: fits
		{"患者报告结局", 4, "患者报…"},
		{"Zoë Müller", 5, "Zoë …"},
		{"🙂🙂🙂", 2, "🙂…"},
	}
	for _, c := range cases {
		got := Truncate(c.in, c.n)
		if !utf8.ValidString(got) {
			t.Errorf("Truncate(%q, %d) = %q is not valid UTF-8: it cut a character in half", c.in, c.n, got)
			continue
		}
		if got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestTruncateNeverLonger(t *testing.T) {
	text := strings.Repeat("数据a", 20)
	for n := 0; n <= 70; n++ {
		got := Truncate(text, n)
		if c := utf8.RuneCountInString(got); c > n {
			t.Fatalf("Truncate(text, %d) has %d runes, want at most %d", n, c, n)
		}
	}
}

var sink string

func BenchmarkTruncate(b *testing.B) {
	long := strings.Repeat("临床数据 clinical data ", 20)
	short := "患者 P001"
	for b.Loop() {
		sink = Truncate(long, 40)
		sink = Truncate(short, 40)
	}
}
