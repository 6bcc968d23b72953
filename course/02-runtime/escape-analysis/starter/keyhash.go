// Package keyhash computes the shard key of a user record.
package keyhash

import "fmt"

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// KeyHash returns the 64-bit FNV-1a hash of the key "<user>:<id>".
// It runs once per request, so it must not allocate.
func KeyHash(user string, id int) uint64 {
	key := fmt.Sprintf("%s:%d", user, id)
	return fnv1a([]byte(key))
}

func fnv1a(b []byte) uint64 {
	h := uint64(offset64)
	for _, c := range b {
		h ^= uint64(c)
		h *= prime64
	}
	return h
}
