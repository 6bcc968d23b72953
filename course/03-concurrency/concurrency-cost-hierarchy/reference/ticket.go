package costs

import (
	"runtime"
	"sync/atomic"
)

// TicketLock is a fair (first come, first served) lock: Lock takes the next
// ticket and waits until that ticket is being served.
type TicketLock struct {
	next    atomic.Uint64
	serving atomic.Uint64
}

func (l *TicketLock) Lock() {
	mine := l.next.Add(1) - 1
	for l.serving.Load() != mine {
		// Only the holder of the current ticket can make progress. Spinning
		// would keep this goroutine on its P until the scheduler preempts it
		// (about 10 ms later), and with fewer Ps than waiters the holder may
		// not run at all in the meantime. Yielding lets it run.
		runtime.Gosched()
	}
}

func (l *TicketLock) Unlock() { l.serving.Add(1) }
