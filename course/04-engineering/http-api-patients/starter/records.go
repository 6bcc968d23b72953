// Package records serves patient records over HTTP.
package records

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
)

// Patient is the public view of a patient record.
type Patient struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	BirthYear int    `json:"birth_year"`
}

// ErrNotFound is returned by a Store when no patient has the id.
var ErrNotFound = errors.New("patient not found")

// Store is what the handler needs from storage.
type Store interface {
	Get(ctx context.Context, id int64) (Patient, error)
}

// NewHandler serves GET /patients/{id}. Every failure is a 500 that shows
// the client the raw error, and nothing is logged.
func NewHandler(store Store, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /patients/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		p, err := store.Get(r.Context(), id)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(p)
	})
	return mux
}
