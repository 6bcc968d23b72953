// Package auditlog writes audit events as one line each.
package auditlog

import (
	"bytes"
	"io"
	"strconv"
	"sync"
)

// Event is one audited action.
type Event struct {
	ID     int64
	Actor  string
	Action string
	Detail string
}

// appendEvent formats e as {"id":1,"actor":"...","action":"...","detail":"..."}
// followed by a newline, with strings quoted by strconv.Quote rules. It
// appends into buf's spare capacity, so it allocates only if buf must grow.
func appendEvent(buf *bytes.Buffer, e Event) {
	b := buf.AvailableBuffer()
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, `,"actor":`...)
	b = strconv.AppendQuote(b, e.Actor)
	b = append(b, `,"action":`...)
	b = strconv.AppendQuote(b, e.Action)
	b = append(b, `,"detail":`...)
	b = strconv.AppendQuote(b, e.Detail)
	b = append(b, "}\n"...)
	buf.Write(b)
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Write formats e and writes it to w with a single Write call. It runs for
// every request, from many goroutines at once.
func Write(w io.Writer, e Event) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	appendEvent(buf, e)
	_, err := w.Write(buf.Bytes())
	// Only after w.Write has returned is nobody using the bytes any more
	// (io.Writer implementations must not retain p), so the buffer can go
	// back for the next caller.
	buffers.Put(buf)
	return err
}
