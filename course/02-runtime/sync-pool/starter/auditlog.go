// Package auditlog writes audit events as one line each.
package auditlog

import (
	"bytes"
	"io"
	"strconv"
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

// Write formats e and writes it to w with a single Write call. It runs for
// every request, from many goroutines at once.
func Write(w io.Writer, e Event) error {
	buf := new(bytes.Buffer)
	appendEvent(buf, e)
	_, err := w.Write(buf.Bytes())
	return err
}
