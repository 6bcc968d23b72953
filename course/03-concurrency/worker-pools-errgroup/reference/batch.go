// Package batch runs one operation over many items with bounded concurrency.
package batch

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// ProcessAll calls fn for every item and returns the results in the order
// of items. At most limit calls of fn run at the same time. The first error
// cancels the context passed to the other calls, stops starting new ones,
// and is returned once every started call has returned.
func ProcessAll[T, R any](ctx context.Context, items []T, limit int, fn func(context.Context, T) (R, error)) ([]R, error) {
	// errgroup.WithContext cancels ctx when the first call fails; SetLimit
	// makes g.Go block while limit calls are running, which bounds both
	// concurrency and the number of goroutines alive at once.
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(limit, 1))
	// Each goroutine writes only its own index, so the slice needs no lock
	// and the results keep the input order.
	results := make([]R, len(items))
	for i, item := range items {
		if ctx.Err() != nil {
			break // a call failed: do not start the remaining items
		}
		g.Go(func() error {
			// g.Go may have waited for a free slot while another call
			// failed: check again before doing the work.
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := fn(ctx, item)
			results[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return results, nil
}
