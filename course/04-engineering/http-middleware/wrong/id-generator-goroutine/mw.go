// Package mw holds net/http middleware: functions that wrap a handler.
package mw

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"sync"
)

// Middleware wraps a handler with behaviour that runs before and/or after it.
type Middleware func(http.Handler) http.Handler

// Chain wraps h so that the first middleware listed is the outermost: it
// sees the request first and the response last, the order people read.
func Chain(h http.Handler, ms ...Middleware) http.Handler {
	for i := len(ms) - 1; i >= 0; i-- {
		h = ms[i](h)
	}
	return h
}

type requestIDKey struct{} // unexported type: no other package can collide with it

// ids holds random ids made ahead of time, so that a request never waits
// for crypto/rand.
var (
	ids     = make(chan string, 64)
	idsOnce sync.Once
)

func nextID() string {
	idsOnce.Do(func() {
		go func() {
			for {
				ids <- rand.Text()
			}
		}()
	})
	return <-ids
}

// RequestID keeps the caller's X-Request-ID (so one id follows a request
// across services) or makes a new one, returns it in the response header and
// stores it in the request context.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if id == "" {
			id = nextID()
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestIDFrom returns the id RequestID stored, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// Recover turns a panic in a handler into a logged 500 instead of a dropped
// connection. http.ErrAbortHandler is re-panicked: it is net/http's own
// signal to abort the response silently.
func Recover(log *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				log.ErrorContext(r.Context(), "handler panic", "panic", v, "path", r.URL.Path, "request_id", RequestIDFrom(r.Context()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}()
			next.ServeHTTP(w, r)
		})
	}
}
