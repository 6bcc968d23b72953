package stream

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// try runs f and reports a panic as a test error, so that one broken stage
// does not hide what the other checks found.
func try[T any](t *testing.T, expr string, f func() T) (got T, ok bool) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", expr, r)
			ok = false
		}
	}()
	return f(), true
}

// naturals yields 0, 1, 2, ... and counts how many values were taken from
// it. It gives up after 1000 values, so that a stage which reads the whole
// source fails the test instead of hanging it.
func naturals(pulled *int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range 1000 {
			*pulled++
			if !yield(i) {
				return
			}
		}
	}
}

func TestMapChangesTheElementType(t *testing.T) {
	expr := `Of(3, 1, 2).Map(strconv.Itoa).Map(func(s string) string { return s + "!" }).Collect()`
	got, ok := try(t, expr, func() []string {
		return Of(3, 1, 2).Map(strconv.Itoa).Map(func(s string) string { return s + "!" }).Collect()
	})
	if want := []string{"3!", "1!", "2!"}; ok && !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", expr, got, want)
	}

	type reading struct {
		patient string
		value   float64
	}
	expr = `Of(reading{"P1", 5.5}, reading{"P2", 7.25}).Map(func(r reading) string {...}).Collect()`
	labels, ok := try(t, expr, func() []string {
		return Of(reading{"P1", 5.5}, reading{"P2", 7.25}).
			Map(func(r reading) string { return fmt.Sprintf("%s=%.2f", r.patient, r.value) }).
			Collect()
	})
	if want := []string{"P1=5.50", "P2=7.25"}; ok && !slices.Equal(labels, want) {
		t.Errorf("%s = %q, want %q", expr, labels, want)
	}
}

func TestMapIsLazy(t *testing.T) {
	calls := 0
	double := func(n int) int { calls++; return 2 * n }

	s, ok := try(t, "Of(1, 2, 3, 4, 5).Map(double)", func() Stream[int] { return Of(1, 2, 3, 4, 5).Map(double) })
	if !ok {
		return
	}
	if calls != 0 {
		t.Errorf("Of(1, 2, 3, 4, 5).Map(double) called double %d times before anything asked for a value, want 0: Map only builds the stage; f runs when Collect, Reduce or a range loop pulls values", calls)
		return
	}
	got, ok := try(t, "Of(1, 2, 3, 4, 5).Map(double).Take(2).Collect()", func() []int { return s.Take(2).Collect() })
	if want := []int{2, 4}; ok && !slices.Equal(got, want) {
		t.Errorf("Of(1, 2, 3, 4, 5).Map(double).Take(2).Collect() = %v, want %v", got, want)
	}
	if ok && calls != 2 {
		t.Errorf("Of(1, 2, 3, 4, 5).Map(double).Take(2).Collect() called double %d times, want 2: Map must call f only for the values pulled through it", calls)
	}
}

func TestMapStopsPullingWhenDownstreamStops(t *testing.T) {
	pulled := 0
	got, ok := try(t, "From(naturals).Map(square).Take(3).Collect()", func() []int {
		return From(naturals(&pulled)).Map(func(n int) int { return n * n }).Take(3).Collect()
	})
	if !ok {
		return
	}
	if want := []int{0, 1, 4}; !slices.Equal(got, want) {
		t.Errorf("From(naturals).Map(square).Take(3).Collect() = %v, want %v", got, want)
	}
	if pulled != 3 {
		t.Errorf("From(naturals).Map(square).Take(3).Collect() took %d values from the source, want 3: when yield returns false, Map must return at once (the source may be endless)", pulled)
	}
}

func TestBreakingOutOfARangeLoop(t *testing.T) {
	var seen []string
	_, ok := try(t, "a range loop over Of(1, 2, 3).Map(strconv.Itoa).All() that breaks after the first value", func() bool {
		for v := range Of(1, 2, 3).Map(strconv.Itoa).All() {
			seen = append(seen, v)
			break
		}
		return true
	})
	if ok && !slices.Equal(seen, []string{"1"}) {
		t.Errorf("range over Of(1, 2, 3).Map(strconv.Itoa).All() with break saw %q, want [\"1\"]", seen)
	}
	seen = nil
	_, ok = try(t, `a range loop over Of("a b", "c").FlatMap(strings.Fields).All() that breaks after the first value`, func() bool {
		for v := range Of("a b", "c").FlatMap(strings.Fields).All() {
			seen = append(seen, v)
			break
		}
		return true
	})
	if ok && !slices.Equal(seen, []string{"a"}) {
		t.Errorf(`range over Of("a b", "c").FlatMap(strings.Fields).All() with break saw %q, want ["a"]`, seen)
	}
}

func TestFlatMap(t *testing.T) {
	expr := `Of("blood pressure", "", "heart rate").FlatMap(strings.Fields).Collect()`
	got, ok := try(t, expr, func() []string {
		return Of("blood pressure", "", "heart rate").FlatMap(strings.Fields).Collect()
	})
	if want := []string{"blood", "pressure", "heart", "rate"}; ok && !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", expr, got, want)
	}

	repeat := func(n int) []string { return slices.Repeat([]string{strconv.Itoa(n)}, n) }
	expr = "Of(1, 0, 2, 3).FlatMap(repeat).Collect()"
	reps, ok := try(t, expr, func() []string { return Of(1, 0, 2, 3).FlatMap(repeat).Collect() })
	if want := []string{"1", "2", "2", "3", "3", "3"}; ok && !slices.Equal(reps, want) {
		t.Errorf("%s = %q, want %q (repeat(n) is n copies of n)", expr, reps, want)
	}
}

func TestFlatMapIsLazy(t *testing.T) {
	calls := 0
	split := func(s string) []string { calls++; return strings.Fields(s) }
	expr := `Of("a b c", "d e", "f").FlatMap(split).Take(2).Collect()`
	got, ok := try(t, expr, func() []string { return Of("a b c", "d e", "f").FlatMap(split).Take(2).Collect() })
	if !ok {
		return
	}
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", expr, got, want)
	}
	if calls != 1 {
		t.Errorf("%s called split %d times, want 1: the first value already gives the two elements asked for", expr, calls)
	}
}

func TestReduce(t *testing.T) {
	add := func(a, b int) int { return a + b }
	if got, ok := try(t, "Of(4, 8, 15, 16, 23, 42).Reduce(0, add)", func() int { return Of(4, 8, 15, 16, 23, 42).Reduce(0, add) }); ok && got != 108 {
		t.Errorf("Of(4, 8, 15, 16, 23, 42).Reduce(0, add) = %d, want 108", got)
	}

	concat := func(acc, s string) string { return acc + s }
	if got, ok := try(t, `Of("a", "b", "c").Reduce(">", concat)`, func() string { return Of("a", "b", "c").Reduce(">", concat) }); ok && got != ">abc" {
		t.Errorf(`Of("a", "b", "c").Reduce(">", concat) = %q, want ">abc": start from init and fold every value from the left, f(f(f(init, v0), v1), v2)`, got)
	}

	length := func(n int, s string) int { return n + len(s) }
	if got, ok := try(t, `Of("insulin", "heparin").Reduce(0, length)`, func() int { return Of("insulin", "heparin").Reduce(0, length) }); ok && got != 14 {
		t.Errorf(`Of("insulin", "heparin").Reduce(0, length) = %d, want 14 (the accumulator may have another type than the values)`, got)
	}

	square := func(n int) int { return n * n }
	if got, ok := try(t, "Of(1, 2, 3).Map(square).Reduce(0, add)", func() int { return Of(1, 2, 3).Map(square).Reduce(0, add) }); ok && got != 14 {
		t.Errorf("Of(1, 2, 3).Map(square).Reduce(0, add) = %d, want 14", got)
	}

	calls := 0
	counted := func(a, b int) int { calls++; return a + b }
	if got, ok := try(t, "Of[int]().Reduce(42, f)", func() int { return Of[int]().Reduce(42, counted) }); ok && (got != 42 || calls != 0) {
		t.Errorf("Of[int]().Reduce(42, f) = %d after %d calls of f, want 42 after 0 calls: an empty stream reduces to init", got, calls)
	}
}

func TestCollectNeverReturnsNil(t *testing.T) {
	var zero Stream[string]
	cases := []struct {
		expr string
		run  func() any
	}{
		{"Of[int]().Collect()", func() any { return Of[int]().Collect() }},
		{"Of(1, 3).Filter(isEven).Collect()", func() any { return Of(1, 3).Filter(func(n int) bool { return n%2 == 0 }).Collect() }},
		{"Of[int]().Map(strconv.Itoa).Collect()", func() any { return Of[int]().Map(strconv.Itoa).Collect() }},
		{`Of("", " ").FlatMap(strings.Fields).Collect()`, func() any { return Of("", " ").FlatMap(strings.Fields).Collect() }},
		{"Stream[string]{}.Collect()", func() any { return zero.Collect() }},
	}
	for _, c := range cases {
		got, ok := try(t, c.expr, c.run)
		if !ok {
			continue
		}
		b, err := json.Marshal(got)
		if err != nil || string(b) != "[]" {
			t.Errorf("json.Marshal(%s) = %s, want []: Collect must return an empty, non-nil slice, since a nil slice is encoded as null", c.expr, b)
		}
	}
}

func TestZeroStreamIsEmpty(t *testing.T) {
	var s Stream[int]
	if got, ok := try(t, "Stream[int]{}.Map(strconv.Itoa).Collect()", func() []string { return s.Map(strconv.Itoa).Collect() }); ok && len(got) != 0 {
		t.Errorf("Stream[int]{}.Map(strconv.Itoa).Collect() = %q, want []", got)
	}
	if got, ok := try(t, "Stream[int]{}.FlatMap(f).Collect()", func() []int {
		return s.FlatMap(func(n int) []int { return []int{n, n} }).Collect()
	}); ok && len(got) != 0 {
		t.Errorf("Stream[int]{}.FlatMap(f).Collect() = %v, want []", got)
	}
	if got, ok := try(t, "Stream[int]{}.Reduce(7, add)", func() int { return s.Reduce(7, func(a, b int) int { return a + b }) }); ok && got != 7 {
		t.Errorf("Stream[int]{}.Reduce(7, add) = %d, want 7", got)
	}
	if t.Failed() {
		t.Log("the zero Stream has a nil seq: range over s.All(), which handles that, rather than over s.seq")
	}
}

func TestResultsDoNotShareMemory(t *testing.T) {
	in := []int{1, 2, 3}
	s := Of(in...)
	in[0] = -1 // Of copied the values, so the stream does not see this
	want := []int{1, 2, 3}
	for _, c := range []struct {
		expr string
		s    Stream[int]
	}{
		{"Of(1, 2, 3)", s},
		{"Of(1, 2, 3).Map(identity)", s.Map(func(n int) int { return n })},
	} {
		first, ok := try(t, c.expr+".Collect()", c.s.Collect)
		if !ok || !slices.Equal(first, want) {
			t.Errorf("%s.Collect() = %v, want %v", c.expr, first, want)
			continue
		}
		first[1] = 99
		second, ok := try(t, c.expr+".Collect()", c.s.Collect)
		if ok && !slices.Equal(second, want) {
			t.Errorf("after changing the slice the first %s.Collect() returned, the second call returned %v, want %v: each Collect must return a new slice, and a pipeline must give the same values every time it runs", c.expr, second, want)
		}
	}
}

func TestPipelinesCanRunTwice(t *testing.T) {
	s := Of(1, 2, 3).
		Map(func(n int) int { return n * 10 }).
		FlatMap(func(n int) []string { return []string{strconv.Itoa(n), strconv.Itoa(n + 1)} })
	const expr = "Of(1, 2, 3).Map(times10).FlatMap(nAndNext).Collect()"
	want := []string{"10", "11", "20", "21", "30", "31"}
	first, ok := try(t, expr, s.Collect)
	if !ok || !slices.Equal(first, want) {
		t.Errorf("%s = %q, want %q", expr, first, want)
		return
	}
	second, ok := try(t, expr+" (second run)", s.Collect)
	if ok && !slices.Equal(second, want) {
		t.Errorf("running the same pipeline again: %s = %q, want %q: keep per-run state inside the iterator function, not in the Stream or the method", expr, second, want)
	}
}
