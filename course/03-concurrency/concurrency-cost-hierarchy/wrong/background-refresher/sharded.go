package costs

import (
	"math/rand/v2"
	"sync/atomic"
	"time"
)

// shard is one independently updated part of a ShardedCounter. Without
// padding, eight shards share one 64-byte cache line, and every increment
// still invalidates that line in the other cores' caches (false sharing):
// the padding gives each shard a line of its own.
type shard struct {
	n atomic.Int64
	_ [56]byte
}

// ShardedCounter spreads increments over several shards so that goroutines
// on different cores rarely touch the same memory; Value adds them up.
type ShardedCounter struct {
	shards []shard
	cached atomic.Int64 // the total as of the last refresh
}

// NewShardedCounter returns a counter with n shards (n is rounded up to a
// power of two).
func NewShardedCounter(n int) *ShardedCounter {
	size := 1
	for size < n {
		size *= 2
	}
	c := &ShardedCounter{shards: make([]shard, size)}
	// Keep a recent total ready for readers that can live with a value a
	// few milliseconds old, so they need not add up every shard.
	go func() {
		for range time.Tick(10 * time.Millisecond) {
			c.cached.Store(c.Value())
		}
	}()
	return c
}

// Approx returns the total as of the last refresh.
func (c *ShardedCounter) Approx() int64 { return c.cached.Load() }

func (c *ShardedCounter) Inc() {
	// rand.Uint64 uses a per-thread generator: no shared state.
	c.shards[rand.Uint64()&uint64(len(c.shards)-1)].n.Add(1)
}

func (c *ShardedCounter) Value() int64 {
	var total int64
	for i := range c.shards {
		total += c.shards[i].n.Load()
	}
	return total
}
