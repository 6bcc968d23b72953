// Package batch runs one operation over many items with bounded concurrency.
package batch

import (
	"context"
	"sync"
)

// ProcessAll calls fn for every item and returns the results in the order
// of items. At most limit calls of fn run at the same time. The first error
// cancels the context passed to the other calls, stops starting new ones,
// and is returned once every started call has returned.
func ProcessAll[T, R any](ctx context.Context, items []T, limit int, fn func(context.Context, T) (R, error)) ([]R, error) {
	results := make([]R, len(items))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for i, item := range items {
		wg.Go(func() {
			r, err := fn(ctx, item)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				return
			}
			results[i] = r
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return results, nil
}
