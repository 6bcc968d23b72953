// Package keyhash computes the shard key of a user record.
package keyhash

import "strconv"

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// KeyHash returns the 64-bit FNV-1a hash of the key "<user>:<id>".
// It runs once per request, so it must not allocate.
func KeyHash(user string, id int) uint64 {
	// Hashing is incremental, so the key never has to exist as one string:
	// the user part is hashed in place and only the decimal id needs a
	// buffer. A fixed-size array whose slice does not leave this function
	// stays on the stack (strconv.AppendInt does not let it escape).
	h := hashString(offset64, user)
	h = hashByte(h, ':')
	var digits [20]byte
	for _, c := range strconv.AppendInt(digits[:0], int64(id), 10) {
		h = hashByte(h, c)
	}
	return h
}

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = hashByte(h, s[i])
	}
	return h
}

func hashByte(h uint64, c byte) uint64 {
	h ^= uint64(c)
	return h * prime64
}
