// Package roster looks up study patients for the rest of the application:
// it validates ids, bounds every lookup with a timeout and caches results.
package roster

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Patient is one enrolled study participant.
type Patient struct {
	ID   string // "P-" followed by six digits, e.g. P-000123
	Name string
	Site string
}

// PatientSource is the one thing Service needs from storage. It is declared
// here, by the consumer, so any store (MemStore, a SQL store, a test fake)
// that has this method can be passed in, and the store can grow without
// touching Service. Sources report a missing patient with an error matching
// ErrNotFound.
type PatientSource interface {
	Patient(ctx context.Context, id string) (Patient, error)
}

// Errors that are part of the API: callers branch on them with errors.Is and
// errors.As, never on the message text.
var (
	ErrNotFound      = errors.New("patient not found")
	ErrInvalidOption = errors.New("invalid option")
)

// InvalidIDError reports a malformed patient id. It is a type rather than a
// sentinel because callers (an HTTP handler answering 400) want the id and
// the reason.
type InvalidIDError struct {
	ID     string
	Reason string
}

func (e *InvalidIDError) Error() string {
	return fmt.Sprintf("invalid patient id %q: %s", e.ID, e.Reason)
}

// Limits and defaults of the options.
const (
	DefaultTimeout   = 2 * time.Second
	MaxTimeout       = 30 * time.Second
	DefaultCacheSize = 128
)

type settings struct {
	timeout   time.Duration
	cacheSize int
}

// Option configures a Service. An option that receives a bad value makes
// NewService fail instead of being ignored or clamped silently.
type Option func(*settings) error

// WithTimeout bounds each lookup in the source; 0 < d <= MaxTimeout.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 || d > MaxTimeout {
			return fmt.Errorf("%w: WithTimeout(%v): want 0 < timeout <= %v", ErrInvalidOption, d, MaxTimeout)
		}
		s.timeout = d
		return nil
	}
}

// WithCacheSize keeps up to n patients in memory; 0 disables the cache.
func WithCacheSize(n int) Option {
	return func(s *settings) error {
		if n < 0 {
			return fmt.Errorf("%w: WithCacheSize(%d): want n >= 0 (0 disables the cache)", ErrInvalidOption, n)
		}
		s.cacheSize = n
		return nil
	}
}

// Service is safe for concurrent use.
type Service struct {
	src     PatientSource
	timeout time.Duration

	mu        sync.Mutex
	cacheSize int
	cache     map[string]Patient
	order     []string // insertion order, oldest first: the eviction queue
}

// NewService applies the defaults first and the caller's options after them,
// so an explicit zero (WithCacheSize(0)) is kept rather than mistaken for
// "not set".
func NewService(src PatientSource, opts ...Option) (*Service, error) {
	if src == nil {
		return nil, fmt.Errorf("%w: nil PatientSource", ErrInvalidOption)
	}
	cfg := settings{timeout: DefaultTimeout, cacheSize: DefaultCacheSize}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	return &Service{src: src, timeout: cfg.timeout, cacheSize: cfg.cacheSize, cache: map[string]Patient{}}, nil
}

// Lookup returns the patient with id. Errors: *InvalidIDError for a malformed
// id (the source is not asked), an error matching ErrNotFound when the source
// has no such patient, and otherwise the source's error wrapped with %w so
// callers can still match it (context.DeadlineExceeded after the timeout).
func (s *Service) Lookup(ctx context.Context, id string) (Patient, error) {
	if err := checkID(id); err != nil {
		return Patient{}, err
	}
	if p, ok := s.cached(id); ok {
		return p, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	p, err := s.src.Patient(ctx, id)
	if err != nil {
		return Patient{}, fmt.Errorf("roster: lookup %s: %w", id, err)
	}
	s.remember(p)
	return p, nil
}

func checkID(id string) error {
	const digits = 6
	if len(id) != 2+digits || id[:2] != "P-" {
		return &InvalidIDError{ID: id, Reason: `want "P-" followed by 6 digits`}
	}
	for _, c := range id[2:] {
		if c < '0' || c > '9' {
			return &InvalidIDError{ID: id, Reason: "the part after P- must be digits"}
		}
	}
	return nil
}

func (s *Service) cached(id string) (Patient, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.cache[id]
	return p, ok
}

// remember caches p, evicting the oldest entry when full. FIFO is enough
// here: the cache exists to absorb bursts for the same patient.
func (s *Service) remember(p Patient) {
	if s.cacheSize == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cache[p.ID]; ok {
		return
	}
	if len(s.order) == s.cacheSize {
		delete(s.cache, s.order[0])
		s.order = s.order[1:]
	}
	s.cache[p.ID] = p
	s.order = append(s.order, p.ID)
}
