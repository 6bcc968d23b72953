// Package stream is a lazy pipeline over iter.Seq whose stages chain as
// methods, including the generic ones (Map, FlatMap, Reduce; Go 1.27).
package stream

import "iter"

// Stream is a lazy sequence of values. Building a pipeline runs nothing:
// values flow only when Collect, Reduce or a range over All pulls them, and
// each stage handles one value at a time. The zero Stream is empty.
type Stream[T any] struct {
	seq iter.Seq[T]
}

// Of returns a stream of the given values. It copies them, so later changes
// to the caller's slice do not show up in the stream.
func Of[T any](values ...T) Stream[T] {
	vs := append([]T(nil), values...)
	return Stream[T]{seq: func(yield func(T) bool) {
		for _, v := range vs {
			if !yield(v) {
				return
			}
		}
	}}
}

// From returns a stream over seq; it is as lazy (and as long) as seq.
func From[T any](seq iter.Seq[T]) Stream[T] {
	return Stream[T]{seq: seq}
}

// All returns the stream as an iterator, for range loops.
func (s Stream[T]) All() iter.Seq[T] {
	if s.seq == nil {
		return func(func(T) bool) {}
	}
	return s.seq
}

// Filter keeps the values for which keep returns true.
func (s Stream[T]) Filter(keep func(T) bool) Stream[T] {
	return Stream[T]{seq: func(yield func(T) bool) {
		for v := range s.All() {
			if keep(v) && !yield(v) {
				return
			}
		}
	}}
}

// Take passes on at most the first n values and then stops pulling from
// the stages before it.
func (s Stream[T]) Take(n int) Stream[T] {
	return Stream[T]{seq: func(yield func(T) bool) {
		if n <= 0 {
			return
		}
		left := n
		for v := range s.All() {
			if !yield(v) {
				return
			}
			left--
			if left == 0 {
				return
			}
		}
	}}
}

// Collect runs the pipeline and returns its values in order, in a new
// slice. The result is never nil: an empty stream gives an empty slice.
func (s Stream[T]) Collect() []T {
	out := []T{}
	for v := range s.All() {
		out = append(out, v)
	}
	return out
}

// Map returns a stream of f applied to each value. f runs once for each
// value that is pulled through the stage, when it is pulled.
func (s Stream[T]) Map[U any](f func(T) U) Stream[U] {
	return Stream[U]{seq: func(yield func(U) bool) {
		for v := range s.All() {
			if !yield(f(v)) {
				return
			}
		}
	}}
}

// FlatMap returns a stream of the elements of f(v) for each value v, in
// order. f runs once per value, when the stage needs the next element.
func (s Stream[T]) FlatMap[U any](f func(T) []U) Stream[U] {
	return Stream[U]{seq: func(yield func(U) bool) {
		for v := range s.All() {
			for _, u := range f(v) {
				if !yield(u) {
					return
				}
			}
		}
	}}
}

// Reduce folds the stream from the left: for values v0, v1, v2 it returns
// f(f(f(init, v0), v1), v2). An empty stream returns init.
func (s Stream[T]) Reduce[A any](init A, f func(A, T) A) A {
	acc := init
	for v := range s.All() {
		acc = f(acc, v)
	}
	return acc
}
