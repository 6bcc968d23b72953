// Package readings exports vital-sign readings as CSV lines.
package readings

import (
	"fmt"
	"io"
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
	for _, r := range rs {
		if _, err := fmt.Fprintf(w, "%s,%d,%.2f\n", r.Patient, r.UnixMs, r.Value); err != nil {
			return err
		}
	}
	return nil
}
