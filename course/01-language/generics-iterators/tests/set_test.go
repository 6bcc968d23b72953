package orderedset

import (
	"slices"
	"testing"
)

func TestZeroValueIsUsable(t *testing.T) {
	var s OrderedSet[int]
	if s.Has(1) || s.Len() != 0 {
		t.Fatalf("zero set: Has(1)=%v Len()=%d, want false 0", s.Has(1), s.Len())
	}
	if !s.Add(1) || s.Add(1) {
		t.Fatal("Add(1) twice should report true, then false")
	}
	if !s.Has(1) || s.Len() != 1 {
		t.Fatalf("after Add(1): Has(1)=%v Len()=%d, want true 1", s.Has(1), s.Len())
	}
}

func TestAllAscending(t *testing.T) {
	s := New(42, 7, 19, 7, 3, 100, 19, -5)
	got := slices.Collect(s.All())
	want := []int{-5, 3, 7, 19, 42, 100}
	if !slices.Equal(got, want) {
		t.Fatalf("All() = %v, want %v", got, want)
	}
}

func TestBackwardDescending(t *testing.T) {
	s := New("insulin", "aspirin", "heparin", "aspirin")
	got := slices.Collect(s.Backward())
	want := []string{"insulin", "heparin", "aspirin"}
	if !slices.Equal(got, want) {
		t.Fatalf("Backward() = %v, want %v", got, want)
	}
}

func TestIteratorsStopOnBreak(t *testing.T) {
	s := New(5, 4, 3, 2, 1)
	var firstTwo []int
	for v := range s.All() {
		firstTwo = append(firstTwo, v)
		if len(firstTwo) == 2 {
			break
		}
	}
	if !slices.Equal(firstTwo, []int{1, 2}) {
		t.Fatalf("first two of All() = %v, want [1 2]", firstTwo)
	}
	for v := range s.Backward() {
		if v != 5 {
			t.Fatalf("first of Backward() = %d, want 5", v)
		}
		break
	}
}

type Celsius float64

func TestNamedTypes(t *testing.T) {
	s := New[Celsius](38.5, 36.6, 37.2)
	if got := slices.Collect(s.All()); !slices.Equal(got, []Celsius{36.6, 37.2, 38.5}) {
		t.Fatalf("All() = %v, want [36.6 37.2 38.5]", got)
	}
}

func BenchmarkAll(b *testing.B) {
	s := New[int]()
	for i := range 1000 {
		s.Add(i * 7 % 1000)
	}
	b.ResetTimer()
	total := 0
	for b.Loop() {
		for v := range s.All() {
			total += v
		}
	}
	if total < 0 {
		b.Fatal("unreachable")
	}
}
