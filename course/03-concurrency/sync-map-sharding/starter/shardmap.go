// Package shardmap is a concurrent map split into independently locked
// shards, for write-heavy workloads where sync.Map is a poor fit.
package shardmap

import (
	"fmt"
	"hash/fnv"
	"sync"
)

type shard[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
	// Padding keeps neighbouring shards' locks off one cache line, so that
	// goroutines working on different shards do not slow each other down.
	_ [64]byte
}

// Map is safe for concurrent use.
type Map[K comparable, V any] struct {
	shards []shard[K, V]
}

// New returns a map with n shards (rounded up to a power of two).
func New[K comparable, V any](n int) *Map[K, V] {
	size := 1
	for size < n {
		size *= 2
	}
	m := &Map[K, V]{shards: make([]shard[K, V], size)}
	for i := range m.shards {
		m.shards[i].m = make(map[K]V)
	}
	return m
}

func (m *Map[K, V]) shardFor(key K) *shard[K, V] {
	h := fnv.New64a()
	fmt.Fprint(h, key)
	return &m.shards[h.Sum64()&uint64(len(m.shards)-1)]
}

// Load returns the value stored for key, if any.
func (m *Map[K, V]) Load(key K) (V, bool) {
	s := m.shardFor(key)
	s.mu.RLock()
	v, ok := s.m[key]
	s.mu.RUnlock()
	return v, ok
}

// Store sets the value for key.
func (m *Map[K, V]) Store(key K, value V) {
	s := m.shardFor(key)
	s.mu.Lock()
	s.m[key] = value
	s.mu.Unlock()
}

// Delete removes key.
func (m *Map[K, V]) Delete(key K) {
	s := m.shardFor(key)
	s.mu.Lock()
	delete(s.m, key)
	s.mu.Unlock()
}

// Len returns the number of keys (a moment's snapshot: shards are counted
// one after another).
func (m *Map[K, V]) Len() int {
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.RLock()
		n += len(s.m)
		s.mu.RUnlock()
	}
	return n
}

// LoadOrStore returns the existing value for key if present (loaded is
// true); otherwise it stores value and returns it (loaded is false). Among
// concurrent callers for one absent key exactly one stores.
func (m *Map[K, V]) LoadOrStore(key K, value V) (actual V, loaded bool) {
	if v, ok := m.Load(key); ok {
		return v, true
	}
	m.Store(key, value)
	return value, false
}
