package shardmap

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

func TestBasicOperations(t *testing.T) {
	m := New[string, int](16)
	m.Store("a", 1)
	m.Store("b", 2)
	m.Store("a", 3)
	if v, ok := m.Load("a"); !ok || v != 3 {
		t.Fatalf("Load(a) = %d, %v; want 3, true", v, ok)
	}
	m.Delete("b")
	if _, ok := m.Load("b"); ok {
		t.Fatal("Load(b) found a deleted key")
	}
	if v, loaded := m.LoadOrStore("a", 9); !loaded || v != 3 {
		t.Fatalf("LoadOrStore(existing) = %d, %v; want 3, true", v, loaded)
	}
	if v, loaded := m.LoadOrStore("c", 7); loaded || v != 7 {
		t.Fatalf("LoadOrStore(new) = %d, %v; want 7, false", v, loaded)
	}
	if n := m.Len(); n != 2 {
		t.Fatalf("Len = %d, want 2", n)
	}
}

type point struct{ x, y int }

func TestKeysSpreadOverShards(t *testing.T) {
	m := New[point, bool](8)
	for i := range 800 {
		m.Store(point{i, -i}, true)
	}
	for i := range m.shards {
		if n := len(m.shards[i].m); n < 50 {
			t.Fatalf("shard %d holds %d of 800 keys; the hash does not spread keys evenly", i, n)
		}
	}
}

func TestLoadDoesNotAllocate(t *testing.T) {
	m := New[int, string](16)
	for i := range 1000 {
		m.Store(i, strconv.Itoa(i))
	}
	allocs := testing.AllocsPerRun(1000, func() { m.Load(123456) })
	if allocs != 0 {
		t.Fatalf("Load allocates %.1f times per call; choosing a shard must not allocate (hint: hash/maphash.Comparable)", allocs)
	}
}

func TestLoadOrStoreIsAtomic(t *testing.T) {
	for round := range 200 {
		m := New[string, int](4)
		var stored atomic.Int32
		results := make([]int, 8)
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				v, loaded := m.LoadOrStore("k", g)
				if !loaded {
					stored.Add(1)
				}
				results[g] = v
			})
		}
		wg.Wait()
		if n := stored.Load(); n != 1 {
			t.Fatalf("round %d: %d concurrent LoadOrStore calls stored a value; want exactly 1", round, n)
		}
		for g, v := range results {
			if v != results[0] {
				t.Fatalf("round %d: caller %d got %d, caller 0 got %d; all must see the one stored value", round, g, v, results[0])
			}
		}
	}
}

// benchmarkMixed runs 90% loads and 10% stores over 1024 keys.
func benchmarkMixed(b *testing.B, load func(int), store func(int)) {
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1000))
		for pb.Next() {
			i++
			if i%10 == 0 {
				store(i & 1023)
			} else {
				load(i & 1023)
			}
		}
	})
}

func BenchmarkShardedMap(b *testing.B) {
	m := New[int, int](64)
	benchmarkMixed(b, func(k int) { m.Load(k) }, func(k int) { m.Store(k, k) })
}

// BenchmarkSyncMap is the comparison the lesson asks you to run.
func BenchmarkSyncMap(b *testing.B) {
	var m sync.Map
	benchmarkMixed(b, func(k int) { m.Load(k) }, func(k int) { m.Store(k, k) })
}

// BenchmarkMutexMap is one map behind one RWMutex.
func BenchmarkMutexMap(b *testing.B) {
	var mu sync.RWMutex
	m := map[int]int{}
	benchmarkMixed(b,
		func(k int) { mu.RLock(); _ = m[k]; mu.RUnlock() },
		func(k int) { mu.Lock(); m[k] = k; mu.Unlock() })
}

func ExampleMap() {
	m := New[string, int](4)
	m.Store("beds", 40)
	v, _ := m.Load("beds")
	fmt.Println(v)
	// Output: 40
}
