// Package pipeline holds reusable stages for channel pipelines.
package pipeline

import (
	"context"
	"sync"
)

// Merge fans in: it forwards every value received from any of ins to the
// returned channel, as soon as it arrives, until all inputs are closed or
// ctx is done; then it closes the returned channel. It never leaves a
// goroutine behind once the output is closed, even if nobody reads it.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	// One forwarder per input, so a quiet input never holds up a busy one.
	for _, in := range ins {
		wg.Go(func() {
			for {
				select {
				case v, ok := <-in:
					if !ok {
						return
					}
					out <- v
				case <-ctx.Done():
					return
				}
			}
		})
	}
	// Only the last forwarder to finish may close out: closing earlier would
	// make the others panic on send.
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
