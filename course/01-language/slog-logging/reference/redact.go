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
	// Records are shared with other handlers (slog.NewMultiHandler), so build
	// a new one instead of changing r's attributes in place.
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.redact(a))
		return true
	})
	if id, ok := TraceID(ctx); ok {
		out.AddAttrs(slog.String("trace_id", id))
	}
	return h.inner.Handle(ctx, out)
}

// WithAttrs redacts the attributes before the inner handler pre-formats
// them, and wraps the result so that later records are redacted too.
func (h *Redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = h.redact(a)
	}
	return &Redactor{inner: h.inner.WithAttrs(red), sensitive: h.sensitive}
}

func (h *Redactor) WithGroup(name string) slog.Handler {
	return &Redactor{inner: h.inner.WithGroup(name), sensitive: h.sensitive}
}

// redact resolves LogValuers first (their output may contain sensitive keys)
// and descends into groups.
func (h *Redactor) redact(a slog.Attr) slog.Attr {
	a.Value = a.Value.Resolve()
	if h.sensitive[a.Key] {
		return slog.String(a.Key, Placeholder)
	}
	if a.Value.Kind() != slog.KindGroup {
		return a
	}
	group := a.Value.Group()
	red := make([]slog.Attr, len(group))
	for i, g := range group {
		red[i] = h.redact(g)
	}
	return slog.Attr{Key: a.Key, Value: slog.GroupValue(red...)}
}
