// Package readings exports vital-sign readings as CSV lines.
package readings

import (
	"io"
	"strconv"
)

// Reading is one measurement of one patient.
type Reading struct {
	Patient string
	UnixMs  int64
	Value   float64
}

// Encode writes one line per reading: "<patient>,<unix ms>,<value with 2 decimals>\n".
// Exports stream millions of readings, so Encode sits on the hot path.
func Encode(w io.Writer, rs []Reading) error {
	// One scratch buffer per call, reused for every line: the strconv.Append
	// functions format without boxing their arguments into interfaces, which
	// is what made fmt.Fprintf allocate several times per line. The buffer
	// escapes (io.Writer may keep it), so it costs exactly one allocation.
	line := make([]byte, 0, 128)
	for _, r := range rs {
		line = append(line[:0], r.Patient...)
		line = append(line, ',')
		line = strconv.AppendInt(line, r.UnixMs, 10)
		line = append(line, ',')
		line = strconv.AppendFloat(line, r.Value, 'f', 2, 64)
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}
