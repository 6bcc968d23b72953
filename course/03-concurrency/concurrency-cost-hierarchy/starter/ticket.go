package costs

import "sync/atomic"

// TicketLock is a fair (first come, first served) lock: Lock takes the next
// ticket and waits until that ticket is being served.
type TicketLock struct {
	next    atomic.Uint64
	serving atomic.Uint64
}

func (l *TicketLock) Lock() {
	mine := l.next.Add(1) - 1
	for l.serving.Load() != mine {
		// Busy-wait for our turn.
	}
}

func (l *TicketLock) Unlock() { l.serving.Add(1) }
