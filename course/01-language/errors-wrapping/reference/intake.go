// Package intake loads and classifies records for the ePRO intake API.
package intake

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound reports that no record has the requested id.
var ErrNotFound = errors.New("record not found")

// ValidationError reports a malformed input field.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason }

// StoreError is returned by the storage layer; Err is the cause.
type StoreError struct {
	Op  string
	Err error
}

func (e *StoreError) Error() string { return "store " + e.Op + ": " + e.Err.Error() }
func (e *StoreError) Unwrap() error { return e.Err }

// Temporary is implemented by errors after which a retry may succeed.
type Temporary interface {
	Temporary() bool
}

// Class is how the API answers an error.
type Class int

const (
	OK          Class = iota // no error
	BadRequest               // 400: the input is wrong
	NotFound                 // 404
	Unavailable              // 503: try again later (deadline exceeded, temporary errors)
	Internal                 // 500: everything else
)

func (c Class) String() string {
	return [...]string{"OK", "BadRequest", "NotFound", "Unavailable", "Internal"}[c]
}

// Classify maps an error, however deeply wrapped or joined, to a Class.
// A validation problem wins over everything else; then not-found; then
// deadline-exceeded or any error whose Temporary() reports true.
func Classify(err error) Class {
	if err == nil {
		return OK
	}
	// errors.As and errors.Is search the whole chain, including joined
	// errors and custom Unwrap methods: comparing err itself misses them.
	if _, ok := errors.AsType[*ValidationError](err); ok {
		return BadRequest
	}
	if errors.Is(err, ErrNotFound) {
		return NotFound
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Unavailable
	}
	// An interface target finds any error in the chain with the method,
	// whatever its concrete type.
	var temp Temporary
	if errors.As(err, &temp) && temp.Temporary() {
		return Unavailable
	}
	return Internal
}

// Record is an ePRO submission.
type Record struct {
	ID    string
	Score int
}

// Store is the storage layer.
type Store interface {
	Get(ctx context.Context, id string) (Record, error)
}

// CheckID validates a record id of the form P followed by digits.
// It returns nil when the id is valid.
func CheckID(id string) error {
	if len(id) < 2 || id[0] != 'P' || strings.Trim(id[1:], "0123456789") != "" {
		return &ValidationError{Field: "id", Reason: fmt.Sprintf("%q is not P<digits>", id)}
	}
	// A literal nil: returning a nil *ValidationError would make a non-nil error.
	return nil
}

// Load validates id and fetches the record. Errors from the store are
// wrapped with the id so that logs say which record failed, and so that
// Classify can still see the cause.
func Load(ctx context.Context, s Store, id string) (Record, error) {
	if err := CheckID(id); err != nil {
		return Record{}, err
	}
	r, err := s.Get(ctx, id)
	if err != nil {
		return Record{}, fmt.Errorf("load record %s: %w", id, err)
	}
	return r, nil
}
