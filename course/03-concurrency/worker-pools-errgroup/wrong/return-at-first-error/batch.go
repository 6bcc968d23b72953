// Package batch runs one operation over many items with bounded concurrency.
package batch

import "context"

// ProcessAll calls fn for every item and returns the results in the order
// of items. At most limit calls of fn run at the same time. The first error
// cancels the context passed to the other calls, stops starting new ones,
// and is returned once every started call has returned.
func ProcessAll[T, R any](ctx context.Context, items []T, limit int, fn func(context.Context, T) (R, error)) ([]R, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make(chan struct{}, max(limit, 1))
	done := make(chan error) // one message per started call
	results := make([]R, len(items))
	started := 0
	for i, item := range items {
		slots <- struct{}{} // waits while limit calls are running
		if ctx.Err() != nil {
			break // a call failed: do not start the remaining items
		}
		started++
		go func() {
			r, err := fn(ctx, item)
			if err != nil {
				cancel()
			}
			results[i] = r
			<-slots
			done <- err
		}()
	}
	for range started {
		if err := <-done; err != nil {
			return nil, err // the first error wins
		}
	}
	return results, nil
}
