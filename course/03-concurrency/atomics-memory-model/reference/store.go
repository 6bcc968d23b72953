// Package liveconfig holds configuration that is read on every request and
// changed at run time by an admin endpoint.
package liveconfig

import (
	"maps"
	"slices"
	"sync/atomic"
)

// Config is an immutable snapshot once published: readers may keep it as
// long as they like and must not modify it.
type Config struct {
	Version   int
	Limits    map[string]int
	Endpoints []string
}

func (c *Config) clone() *Config {
	return &Config{Version: c.Version, Limits: maps.Clone(c.Limits), Endpoints: slices.Clone(c.Endpoints)}
}

// Store publishes Config snapshots to concurrent readers.
type Store struct {
	// An atomic pointer gives readers a wait-free Load and the
	// happens-before edge the memory model requires: everything written to
	// a snapshot before it is stored is visible to whoever loads it.
	cur atomic.Pointer[Config]
}

// NewStore publishes a copy of initial as version initial.Version.
func NewStore(initial *Config) *Store {
	s := &Store{}
	s.cur.Store(initial.clone())
	return s
}

// Load returns the current snapshot. It is called on every request, so it
// must be cheap and must never block.
func (s *Store) Load() *Config {
	return s.cur.Load()
}

// Update applies change to a copy of the current snapshot, increments its
// Version and publishes it, returning the new snapshot. Snapshots returned
// earlier by Load are unaffected. Concurrent Updates never lose each other's
// changes; change may be called more than once and must only modify its
// argument.
func (s *Store) Update(change func(*Config)) *Config {
	for {
		old := s.cur.Load()
		next := old.clone()
		change(next)
		next.Version = old.Version + 1
		// Copy-on-write with compare-and-swap: if another Update published
		// in the meantime, our copy is stale and must be rebuilt from the
		// newer snapshot, otherwise its change would be lost.
		if s.cur.CompareAndSwap(old, next) {
			return next
		}
	}
}
