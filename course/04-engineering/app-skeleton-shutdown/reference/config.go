package app

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// ErrInvalidConfig marks every configuration problem, so main can tell "fix
// the deployment" (exit 2) apart from a failure at run time (exit 1).
var ErrInvalidConfig = errors.New("invalid configuration")

// FieldError names the setting that is wrong, the value that was given and
// why it was refused: enough for an operator to fix it without reading code.
type FieldError struct {
	Field  string // environment variable, e.g. "APP_ADDR"
	Value  string
	Reason string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s=%q: %s", e.Field, e.Value, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalidConfig) true for every field error.
func (e *FieldError) Unwrap() error { return ErrInvalidConfig }

// Config is read once at start-up and passed down; nothing below main reads
// the environment.
type Config struct {
	Addr            string        // APP_ADDR: host:port to listen on
	ShutdownTimeout time.Duration // APP_SHUTDOWN_TIMEOUT: how long Shutdown may drain requests
	FlushInterval   time.Duration // APP_FLUSH_INTERVAL: period of the background flush
}

// Limits that Validate enforces.
const (
	MaxShutdownTimeout = time.Minute           // beyond this the orchestrator's SIGKILL wins anyway
	MinFlushInterval   = 10 * time.Millisecond // shorter is a busy loop, not a schedule
)

// Defaults apply when a variable is unset or empty.
func Defaults() Config {
	return Config{Addr: ":8080", ShutdownTimeout: 10 * time.Second, FlushInterval: time.Second}
}

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests), then validates it. Every problem is reported at once, joined, so a
// broken deployment is fixed in one round instead of one error per restart.
func Load(getenv func(string) string) (Config, error) {
	cfg := Defaults()
	var errs []error
	if v := getenv("APP_ADDR"); v != "" {
		cfg.Addr = v
	}
	duration := func(name string, dst *time.Duration) {
		v := getenv(name)
		if v == "" {
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, &FieldError{Field: name, Value: v, Reason: "not a duration (use a unit, e.g. 5s or 250ms)"})
			return
		}
		*dst = d
	}
	duration("APP_SHUTDOWN_TIMEOUT", &cfg.ShutdownTimeout)
	duration("APP_FLUSH_INTERVAL", &cfg.FlushInterval)
	// A value that did not parse is already reported; validating its default
	// instead would only add a misleading second error for the same field.
	unparsed := map[string]bool{}
	for _, err := range errs {
		unparsed[err.(*FieldError).Field] = true
	}
	for _, err := range cfg.fieldErrors() {
		if !unparsed[err.Field] {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

// Validate reports every invalid field of c, joined, or nil.
func (c Config) Validate() error {
	var errs []error
	for _, err := range c.fieldErrors() {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (c Config) fieldErrors() []*FieldError {
	var errs []*FieldError
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, &FieldError{Field: "APP_ADDR", Value: c.Addr, Reason: "want host:port, e.g. :8080 or 127.0.0.1:8080"})
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		errs = append(errs, &FieldError{Field: "APP_ADDR", Value: c.Addr, Reason: "port must be a number from 0 to 65535"})
	}
	if c.ShutdownTimeout <= 0 || c.ShutdownTimeout > MaxShutdownTimeout {
		errs = append(errs, &FieldError{Field: "APP_SHUTDOWN_TIMEOUT", Value: c.ShutdownTimeout.String(), Reason: fmt.Sprintf("must be > 0 and at most %v", MaxShutdownTimeout)})
	}
	if c.FlushInterval < MinFlushInterval {
		errs = append(errs, &FieldError{Field: "APP_FLUSH_INTERVAL", Value: c.FlushInterval.String(), Reason: fmt.Sprintf("must be at least %v", MinFlushInterval)})
	}
	return errs
}
