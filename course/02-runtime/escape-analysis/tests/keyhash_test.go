package keyhash

import (
	"hash/fnv"
	"strconv"
	"testing"
)

// want hashes the formatted key with the standard library, so the expected
// values come from an independent implementation.
func want(user string, id int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(user + ":" + strconv.Itoa(id)))
	return h.Sum64()
}

func TestKeyHashMatchesFNV1a(t *testing.T) {
	cases := []struct {
		user string
		id   int
	}{
		{"", 0},
		{"alice", 42},
		{"bob", -7},
		{"李雷", 2026},
		{"a-much-longer-user-name-than-most-buffers-expect-0123456789", 9223372036854775807},
		{"min", -9223372036854775808},
	}
	for _, c := range cases {
		if got, w := KeyHash(c.user, c.id), want(c.user, c.id); got != w {
			t.Errorf("KeyHash(%q, %d) = %#x, want %#x", c.user, c.id, got, w)
		}
	}
}

func TestKeyHashDoesNotAllocate(t *testing.T) {
	users := []string{"alice", "a-much-longer-user-name-than-most-buffers-expect-0123456789"}
	for _, u := range users {
		allocs := testing.AllocsPerRun(200, func() { _ = KeyHash(u, 123456789) })
		if allocs != 0 {
			t.Errorf("KeyHash(%q, ...) allocates %.1f times per call, want 0: check `go build -gcflags=-m` for what escapes to the heap", u, allocs)
		}
	}
}

func BenchmarkKeyHash(b *testing.B) {
	var sink uint64
	for b.Loop() {
		sink ^= KeyHash("patient-0042", 1234567)
	}
	_ = sink
}
