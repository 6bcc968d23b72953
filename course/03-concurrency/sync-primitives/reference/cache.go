// Package lazycache loads expensive values (reference data, compiled
// templates, remote lookups) on first use and shares them afterwards.
package lazycache

import "sync"

// entry is one key's value, valid once ready is closed.
type entry[V any] struct {
	ready chan struct{}
	value V
	err   error
}

// Cache maps keys to lazily loaded values.
type Cache[K comparable, V any] struct {
	// mu guards only the map, for the few nanoseconds of a lookup; the slow
	// load runs outside it, so different keys load in parallel.
	mu      sync.Mutex
	entries map[K]*entry[V]
}

// New returns an empty cache.
func New[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{entries: map[K]*entry[V]{}}
}

// Get returns the value for key, calling load(key) the first time the key
// is requested. load runs at most once per key, even when many goroutines
// ask for the same key at the same time: they all wait for that one call
// and share its result, including its error. Loads of different keys run
// in parallel: a slow load never delays other keys.
func (c *Cache[K, V]) Get(key K, load func(K) (V, error)) (V, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		// The first caller registers the entry under the lock, so every
		// later caller finds it and waits instead of loading again.
		e = &entry[V]{ready: make(chan struct{})}
		c.entries[key] = e
	}
	c.mu.Unlock()
	if !ok {
		e.value, e.err = load(key)
		// Closing the channel publishes value and err to every waiter (a
		// close happens before the receives it unblocks).
		close(e.ready)
	}
	<-e.ready
	return e.value, e.err
}
