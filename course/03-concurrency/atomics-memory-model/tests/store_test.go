package liveconfig

import (
	"slices"
	"sync"
	"testing"
)

func initial() *Config {
	return &Config{Version: 1, Limits: map[string]int{"rps": 100}, Endpoints: []string{"a"}}
}

func TestNewStoreCopiesItsInput(t *testing.T) {
	in := initial()
	s := NewStore(in)
	in.Limits["rps"] = 0
	if got := s.Load().Limits["rps"]; got != 100 {
		t.Fatalf("changing the Config passed to NewStore changed the store (rps = %d)", got)
	}
}

func TestSnapshotsAreImmutable(t *testing.T) {
	s := NewStore(initial())
	before := s.Load()
	after := s.Update(func(c *Config) {
		c.Limits["rps"] = 500
		c.Endpoints = append(c.Endpoints, "b")
	})
	if before.Version != 1 || before.Limits["rps"] != 100 || !slices.Equal(before.Endpoints, []string{"a"}) {
		t.Fatalf("a snapshot loaded before Update changed: %+v; readers may still be using it, so Update must copy", before)
	}
	if after.Version != 2 || after.Limits["rps"] != 500 || !slices.Equal(after.Endpoints, []string{"a", "b"}) {
		t.Fatalf("Update returned %+v, want version 2 with rps=500 and endpoints [a b]", after)
	}
	if s.Load() != after {
		t.Fatal("Load after Update does not return the new snapshot")
	}
}

func TestConcurrentUpdatesAreNotLost(t *testing.T) {
	s := NewStore(&Config{Limits: map[string]int{}})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				s.Update(func(c *Config) { c.Limits["n"]++ })
			}
		})
	}
	// Readers run alongside the writers, as requests do.
	for range 4 {
		wg.Go(func() {
			for range 2000 {
				c := s.Load()
				if c.Limits["n"] != c.Version {
					t.Errorf("snapshot version %d has n=%d: a reader saw a half-applied update", c.Version, c.Limits["n"])
					return
				}
			}
		})
	}
	wg.Wait()
	if c := s.Load(); c.Version != 1600 || c.Limits["n"] != 1600 {
		t.Fatalf("after 1600 concurrent updates: version %d, n=%d; want 1600 and 1600", c.Version, c.Limits["n"])
	}
}

func BenchmarkLoad(b *testing.B) {
	s := NewStore(initial())
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if s.Load().Limits == nil {
				b.Fatal("nil limits")
			}
		}
	})
}
