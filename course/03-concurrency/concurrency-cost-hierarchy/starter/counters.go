// Package costs implements the same shared counter with every kind of
// coordination Go offers, from free to ruinous, so that their costs can be
// measured side by side.
package costs

import (
	"sync"
	"sync/atomic"
)

// Counter is incremented by many goroutines at once.
type Counter interface {
	Inc()
	Value() int64
}

// MutexCounter serialises every increment with a sync.Mutex.
type MutexCounter struct {
	mu sync.Mutex
	n  int64
}

func (c *MutexCounter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }

func (c *MutexCounter) Value() int64 { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

// AtomicCounter uses one hardware atomic add (LOCK XADD on amd64).
type AtomicCounter struct{ n atomic.Int64 }

func (c *AtomicCounter) Inc() { c.n.Add(1) }

func (c *AtomicCounter) Value() int64 { return c.n.Load() }

// CASCounter retries a compare-and-swap until it wins. Under contention
// most attempts fail, so it is slower than a single atomic add.
type CASCounter struct{ n atomic.Int64 }

func (c *CASCounter) Inc() {
	for {
		old := c.n.Load()
		if c.n.CompareAndSwap(old, old+1) {
			return
		}
	}
}

func (c *CASCounter) Value() int64 { return c.n.Load() }

// CondTicketCounter is a fair ticket lock whose waiters sleep on a
// sync.Cond: every hand-over parks and wakes goroutines.
type CondTicketCounter struct {
	mu           sync.Mutex
	cond         *sync.Cond
	ticket, turn int64
	n            int64
}

func NewCondTicketCounter() *CondTicketCounter {
	c := &CondTicketCounter{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *CondTicketCounter) Inc() {
	c.mu.Lock()
	mine := c.ticket
	c.ticket++
	for c.turn != mine {
		c.cond.Wait()
	}
	c.n++
	c.turn++
	c.cond.Broadcast()
	c.mu.Unlock()
}

func (c *CondTicketCounter) Value() int64 { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

// TicketCounter protects a plain int64 with a TicketLock.
type TicketCounter struct {
	lock TicketLock
	n    int64
}

func (c *TicketCounter) Inc() { c.lock.Lock(); c.n++; c.lock.Unlock() }

func (c *TicketCounter) Value() int64 { c.lock.Lock(); defer c.lock.Unlock(); return c.n }
