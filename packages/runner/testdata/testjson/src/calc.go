package tj

import "fmt"

func Add(a, b int) int { return a + b }

// Noisy prints without a trailing newline, the case that must not corrupt test2json events.
func Noisy() { fmt.Print("no newline here") }
