// Package records serves patient records over HTTP.
package records

import (
	"encoding/json"
	"net/http"
	"sync"
)

// Patient is what GET /patients/{id} returns.
type Patient struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Visits int    `json:"visits"`
}

// Server holds the records. Handlers run concurrently: one goroutine per
// connection, so every access to the records goes through mu.
type Server struct {
	mu       sync.Mutex
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
	// Method and wildcard patterns (Go 1.22): the mux itself answers 405
	// with Allow for wrong methods and 404 for extra path segments.
	mux.HandleFunc("GET /patients/{id}", s.getPatient)
	mux.HandleFunc("POST /patients/{id}/visits", s.recordVisit)
	return mux
}

func (s *Server) getPatient(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.patients[r.PathValue("id")]
	var snapshot Patient
	if ok {
		snapshot = *p // copy under the lock; encode outside it
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, snapshot)
}

func (s *Server) recordVisit(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.patients[r.PathValue("id")]
	visits := 0
	if ok {
		p.Visits++
		visits = p.Visits
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int{"visits": visits})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
