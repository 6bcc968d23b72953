// Package orderedset provides a set that iterates in order.
package orderedset

import (
	"cmp"
	"iter"
	"slices"
)

// OrderedSet holds distinct values of an ordered type. The zero value is an
// empty set ready to use.
//
// The values live in a sorted slice: lookups are binary searches, and
// iteration walks the slice directly, so it needs no sorting and no
// allocation. Inserts shift the tail, which is cheap for the set sizes this
// is meant for (up to a few thousand values).
type OrderedSet[T cmp.Ordered] struct {
	items []T
}

// New returns a set holding the given values.
func New[T cmp.Ordered](values ...T) *OrderedSet[T] {
	s := &OrderedSet[T]{}
	for _, v := range values {
		s.Add(v)
	}
	return s
}

// Add inserts v and reports whether it was not already present.
func (s *OrderedSet[T]) Add(v T) bool {
	i, found := slices.BinarySearch(s.items, v)
	if found {
		return false
	}
	s.items = slices.Insert(s.items, i, v)
	return true
}

// Has reports whether v is in the set.
func (s *OrderedSet[T]) Has(v T) bool {
	_, found := slices.BinarySearch(s.items, v)
	return found
}

// Len returns the number of values.
func (s *OrderedSet[T]) Len() int { return len(s.items) }

// All yields the values in ascending order.
func (s *OrderedSet[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, v := range s.items {
			if !yield(v) {
				return
			}
		}
	}
}

// Backward yields the values in descending order.
func (s *OrderedSet[T]) Backward() iter.Seq[T] {
	return func(yield func(T) bool) {
		for i := len(s.items) - 1; i >= 0; i-- {
			if !yield(s.items[i]) {
				return
			}
		}
	}
}
