package app

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrInvalidConfig should mark every configuration problem, so main can tell
// "fix the deployment" (exit 2) apart from a failure at run time (exit 1).
var ErrInvalidConfig = errors.New("invalid configuration")

// FieldError should name the setting that is wrong, the value that was given
// and why it was refused.
type FieldError struct {
	Field  string // environment variable, e.g. "APP_ADDR"
	Value  string
	Reason string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s=%q: %s", e.Field, e.Value, e.Reason)
}

// Config is read once at start-up and passed down.
type Config struct {
	Addr            string        // APP_ADDR: host:port to listen on
	ShutdownTimeout time.Duration // APP_SHUTDOWN_TIMEOUT: how long Shutdown may drain requests
	FlushInterval   time.Duration // APP_FLUSH_INTERVAL: period of the background flush
}

// Limits that Validate should enforce.
const (
	MaxShutdownTimeout = time.Minute
	MinFlushInterval   = 10 * time.Millisecond
)

// Defaults apply when a variable is unset or empty.
func Defaults() Config {
	return Config{Addr: ":8080", ShutdownTimeout: 10 * time.Second, FlushInterval: time.Second}
}

// Load reads the configuration. It ignores getenv and quietly keeps the
// default whenever a value does not parse.
func Load(getenv func(string) string) (Config, error) {
	cfg := Defaults()
	if v := os.Getenv("APP_ADDR"); v != "" {
		cfg.Addr = v
	}
	if d, err := time.ParseDuration(os.Getenv("APP_SHUTDOWN_TIMEOUT")); err == nil {
		cfg.ShutdownTimeout = d
	}
	if d, err := time.ParseDuration(os.Getenv("APP_FLUSH_INTERVAL")); err == nil {
		cfg.FlushInterval = d
	}
	return cfg, cfg.Validate()
}

// Validate checks only that an address is set.
func (c Config) Validate() error {
	if c.Addr == "" {
		return errors.New("addr must not be empty")
	}
	return nil
}
