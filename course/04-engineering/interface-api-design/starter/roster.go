// Package roster looks up study patients for the rest of the application:
// it validates ids, bounds every lookup with a timeout and caches results.
package roster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Patient is one enrolled study participant.
type Patient struct {
	ID   string // "P-" followed by six digits, e.g. P-000123
	Name string
	Site string
}

// PatientSource mirrors everything MemStore can do.
type PatientSource interface {
	Patient(ctx context.Context, id string) (Patient, error)
	Exists(ctx context.Context, id string) (bool, error)
	Save(ctx context.Context, p Patient) error
	Delete(ctx context.Context, id string) error
	List(ctx context.Context) ([]Patient, error)
}

var (
	ErrNotFound      = errors.New("patient not found")
	ErrInvalidOption = errors.New("invalid option")
)

// InvalidIDError reports a malformed patient id.
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

// Option configures a Service.
type Option func(*Service)

// WithTimeout bounds each lookup in the source.
func WithTimeout(d time.Duration) Option {
	return func(s *Service) { s.timeout = d }
}

// WithCacheSize keeps up to n patients in memory; 0 disables the cache.
func WithCacheSize(n int) Option {
	return func(s *Service) { s.cacheSize = n }
}

type Service struct {
	src       PatientSource
	timeout   time.Duration
	cacheSize int
	cache     map[string]Patient
}

// NewService applies the options, then fills in defaults for what is unset.
func NewService(src PatientSource, opts ...Option) (*Service, error) {
	s := &Service{src: src, cache: map[string]Patient{}}
	for _, opt := range opts {
		opt(s)
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.cacheSize == 0 {
		s.cacheSize = DefaultCacheSize
	}
	return s, nil
}

// Lookup returns the patient with id.
func (s *Service) Lookup(ctx context.Context, id string) (Patient, error) {
	if !strings.HasPrefix(id, "P-") {
		return Patient{}, errors.New("bad patient id " + id)
	}
	if p, ok := s.cache[id]; ok {
		return p, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	ok, err := s.src.Exists(ctx, id)
	if err != nil {
		return Patient{}, fmt.Errorf("lookup %s: %v", id, err)
	}
	if !ok {
		return Patient{}, errors.New("patient " + id + " not found")
	}
	p, err := s.src.Patient(ctx, id)
	if err != nil {
		return Patient{}, fmt.Errorf("lookup %s: %v", id, err)
	}
	if len(s.cache) < s.cacheSize {
		s.cache[id] = p
	}
	return p, nil
}
