// Package records serves patient records over HTTP.
package records

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Patient is what GET /patients/{id} returns.
type Patient struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Visits int    `json:"visits"`
}

// Server holds the records. Handlers run concurrently: one goroutine per
// connection.
type Server struct {
	patients map[string]*Patient
}

// NewServer returns a server with the given patients.
func NewServer(patients ...Patient) *Server {
	s := &Server{patients: make(map[string]*Patient, len(patients))}
	for _, p := range patients {
		s.patients[p.ID] = &p
	}
	return s
}

// Handler routes:
//
//	GET  /patients/{id}         200 with the patient as JSON, 404 if unknown
//	POST /patients/{id}/visits  records a visit: 201 with {"visits": n}, 404 if unknown
//
// Other methods on these paths get 405 with an Allow header; other paths 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/patients/", func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/patients/"), "/")
		p, ok := s.patients[parts[0]]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if len(parts) > 1 && parts[1] == "visits" {
			p.Visits++
			writeJSON(w, http.StatusCreated, map[string]int{"visits": p.Visits})
			return
		}
		writeJSON(w, http.StatusOK, p)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
