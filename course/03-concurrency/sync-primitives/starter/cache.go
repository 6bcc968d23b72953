// Package lazycache loads expensive values (reference data, compiled
// templates, remote lookups) on first use and shares them afterwards.
package lazycache

import "sync"

// Cache maps keys to lazily loaded values.
type Cache[K comparable, V any] struct {
	mu     sync.RWMutex
	values map[K]V
	errs   map[K]error
}

// New returns an empty cache.
func New[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{values: map[K]V{}, errs: map[K]error{}}
}

// Get returns the value for key, calling load(key) the first time the key
// is requested. load runs at most once per key, even when many goroutines
// ask for the same key at the same time: they all wait for that one call
// and share its result, including its error. Loads of different keys run
// in parallel: a slow load never delays other keys.
func (c *Cache[K, V]) Get(key K, load func(K) (V, error)) (V, error) {
	c.mu.RLock()
	v, ok := c.values[key]
	err := c.errs[key]
	c.mu.RUnlock()
	if ok {
		return v, err
	}
	v, err = load(key)
	c.mu.Lock()
	c.values[key] = v
	c.errs[key] = err
	c.mu.Unlock()
	return v, err
}
