// Package shardmap is a concurrent map split into independently locked
// shards, for write-heavy workloads where sync.Map is a poor fit.
package shardmap

import (
	"hash/maphash"
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
	seed   maphash.Seed
}

// New returns a map with n shards (rounded up to a power of two).
func New[K comparable, V any](n int) *Map[K, V] {
	size := 1
	for size < n {
		size *= 2
	}
	m := &Map[K, V]{shards: make([]shard[K, V], size), seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].m = make(map[K]V)
	}
	return m
}

// shardFor picks the shard of key. maphash.Comparable (Go 1.24) hashes any
// comparable value the way the runtime's maps do, without formatting it
// into a string first, so choosing a shard allocates nothing.
func (m *Map[K, V]) shardFor(key K) *shard[K, V] {
	return &m.shards[maphash.Comparable(m.seed, key)&uint64(len(m.shards)-1)]
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
	s := m.shardFor(key)
	// The check and the store must happen under one write lock: with a
	// read-locked check first, two callers can both see the key missing.
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[key]; ok {
		return v, true
	}
	s.m[key] = value
	return value, false
}
