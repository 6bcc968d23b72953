// Package orderedset provides a set that iterates in order.
package orderedset

import (
	"cmp"
	"iter"
)

// OrderedSet holds distinct values of an ordered type. The zero value is an
// empty set ready to use.
type OrderedSet[T cmp.Ordered] struct {
	items map[T]struct{}
}

// New returns a set holding the given values.
func New[T cmp.Ordered](values ...T) *OrderedSet[T] {
	s := &OrderedSet[T]{items: map[T]struct{}{}}
	for _, v := range values {
		s.Add(v)
	}
	return s
}

// Add inserts v and reports whether it was not already present.
func (s *OrderedSet[T]) Add(v T) bool {
	if _, ok := s.items[v]; ok {
		return false
	}
	if s.items == nil {
		s.items = map[T]struct{}{}
	}
	s.items[v] = struct{}{}
	return true
}

// Has reports whether v is in the set.
func (s *OrderedSet[T]) Has(v T) bool {
	_, ok := s.items[v]
	return ok
}

// Len returns the number of values.
func (s *OrderedSet[T]) Len() int { return len(s.items) }

// All yields the values in ascending order.
func (s *OrderedSet[T]) All() iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range s.items {
			yield(v)
		}
	}
}

// Backward yields the values in descending order.
func (s *OrderedSet[T]) Backward() iter.Seq[T] {
	return s.All()
}
