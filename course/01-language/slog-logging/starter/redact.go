// Package redact keeps sensitive values out of structured logs.
package redact

import (
	"context"
	"log/slog"
)

// Placeholder replaces the value of every sensitive attribute.
const Placeholder = "[REDACTED]"

type traceKey struct{}

// WithTraceID returns a context carrying the request's trace ID.
func WithTraceID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, traceKey{}, id)
}

// TraceID returns the trace ID stored by WithTraceID.
func TraceID(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(traceKey{}).(string)
	return id, ok
}

// Redactor is a slog.Handler middleware. It replaces the value of every
// attribute whose key is sensitive with Placeholder, wherever the attribute
// comes from: the log call, logger.With, a nested group or a LogValuer.
// When the context carries a trace ID, it adds a "trace_id" attribute.
type Redactor struct {
	inner     slog.Handler
	sensitive map[string]bool
}

// New wraps inner; keys are the sensitive attribute keys.
func New(inner slog.Handler, keys ...string) *Redactor {
	s := make(map[string]bool, len(keys))
	for _, k := range keys {
		s[k] = true
	}
	return &Redactor{inner: inner, sensitive: s}
}

func (h *Redactor) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *Redactor) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		if h.sensitive[a.Key] {
			a = slog.String(a.Key, Placeholder)
		}
		out.AddAttrs(a)
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h *Redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	return h.inner.WithAttrs(attrs)
}

func (h *Redactor) WithGroup(name string) slog.Handler {
	return h.inner.WithGroup(name)
}
