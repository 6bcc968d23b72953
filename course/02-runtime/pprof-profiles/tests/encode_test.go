package readings

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"testing"
)

func sample(n int) []Reading {
	rs := make([]Reading, n)
	for i := range rs {
		rs[i] = Reading{
			Patient: fmt.Sprintf("P-%05d", i%97),
			UnixMs:  1764000000000 + int64(i)*250,
			Value:   36.0 + float64(i%50)/7,
		}
	}
	return rs
}

func TestEncodeFormat(t *testing.T) {
	rs := []Reading{
		{"P-00001", 1764000000000, 36.6},
		{"李雷", -5, -0.005},
		{"", 0, 1e21},
		{"x", math.MaxInt64, math.Inf(1)},
		{"nan", 1, math.NaN()},
		{"round", 2, 2.675},
	}
	var want bytes.Buffer
	for _, r := range rs {
		fmt.Fprintf(&want, "%s,%d,%.2f\n", r.Patient, r.UnixMs, r.Value)
	}
	var got bytes.Buffer
	if err := Encode(&got, rs); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("Encode output differs from the format:\n got: %q\nwant: %q", got.String(), want.String())
	}
}

type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after == 0 {
		return 0, errors.New("disk full")
	}
	f.after--
	return len(p), nil
}

func TestEncodeStopsAtFirstWriteError(t *testing.T) {
	w := &failingWriter{after: 2}
	if err := Encode(w, sample(10)); err == nil || err.Error() != "disk full" {
		t.Fatalf("Encode error = %v, want the writer's error", err)
	}
}

func TestEncodeAllocationsDoNotGrowWithRecords(t *testing.T) {
	rs := sample(500)
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	allocs := testing.AllocsPerRun(20, func() {
		buf.Reset()
		_ = Encode(&buf, rs)
	})
	if allocs > 2 {
		t.Fatalf("Encode of 500 readings allocates %.0f times; want at most 2 per call, independent of the number of readings (run the benchmark with -memprofile and look at alloc_objects)", allocs)
	}
}

func BenchmarkEncode(b *testing.B) {
	rs := sample(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Encode(io.Discard, rs); err != nil {
			b.Fatal(err)
		}
	}
}
