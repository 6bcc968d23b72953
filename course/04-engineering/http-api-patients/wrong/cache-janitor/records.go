// Package records serves patient records over HTTP.
package records

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Patient is the public view of a patient record.
type Patient struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	BirthYear int    `json:"birth_year"`
}

// ErrNotFound is returned by a Store when no patient has the id.
var ErrNotFound = errors.New("patient not found")

// Store is what the handler needs from storage: one method, so a test or a
// cache can stand in for the database.
type Store interface {
	Get(ctx context.Context, id int64) (Patient, error)
}

// NewHandler serves GET /patients/{id}.
func NewHandler(store Store, log *slog.Logger) http.Handler {
	// Popular records are read again and again: keep them for a minute.
	var mu sync.Mutex
	cache := map[int64]Patient{}
	go func() {
		for range time.Tick(time.Minute) {
			mu.Lock()
			clear(cache)
			mu.Unlock()
		}
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /patients/{id}", func(w http.ResponseWriter, r *http.Request) {
		raw := r.PathValue("id")
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "id must be a positive integer"})
			return
		}
		mu.Lock()
		p, ok := cache[id]
		mu.Unlock()
		if ok {
			writeJSON(w, http.StatusOK, p)
			return
		}
		p, err = store.Get(r.Context(), id)
		if err == nil {
			mu.Lock()
			cache[id] = p
			mu.Unlock()
		}
		switch {
		case errors.Is(err, ErrNotFound):
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "patient not found"})
		case err != nil:
			// The cause goes to the log, where operators can see it; the
			// client gets a generic message that leaks nothing internal.
			log.ErrorContext(r.Context(), "get patient", "id", id, "err", err)
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		default:
			writeJSON(w, http.StatusOK, p)
		}
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
