// Package liveconfig holds configuration that is read on every request and
// changed at run time by an admin endpoint.
package liveconfig

import (
	"maps"
	"slices"
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
	cur *Config
}

// NewStore publishes a copy of initial as version initial.Version.
func NewStore(initial *Config) *Store {
	return &Store{cur: initial.clone()}
}

// Load returns the current snapshot. It is called on every request, so it
// must be cheap and must never block.
func (s *Store) Load() *Config {
	return s.cur
}

// Update applies change to a copy of the current snapshot, increments its
// Version and publishes it, returning the new snapshot. Snapshots returned
// earlier by Load are unaffected. Concurrent Updates never lose each other's
// changes; change may be called more than once and must only modify its
// argument.
func (s *Store) Update(change func(*Config)) *Config {
	c := s.cur
	change(c)
	c.Version++
	return c
}
