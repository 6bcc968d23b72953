// Package mw holds net/http middleware: functions that wrap a handler.
package mw

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
)

// Middleware wraps a handler with behaviour that runs before and/or after it.
type Middleware func(http.Handler) http.Handler

// Chain should wrap h so that the first middleware listed is the outermost.
func Chain(h http.Handler, ms ...Middleware) http.Handler {
	for _, m := range ms {
		h = m(h)
	}
	return h
}

var counter atomic.Int64

// RequestID should keep the caller's X-Request-ID or make a new one, return
// it in the response header and store it in the request context.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := fmt.Sprint(counter.Add(1))
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), "request-id", id)))
	})
}

// RequestIDFrom returns the id RequestID stored, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value("request-id").(string)
	return id
}

// Recover should turn a panic in a handler into a logged 500.
func Recover(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return next
	}
}
