// Package work is the Go code profiled to produce the pprof fixtures: CPU
// work with inlinable helpers (so the profiles contain inlined frames),
// allocations of several sizes, channel blocking and mutex contention.
package work

import (
	"crypto/sha256"
	"sort"
	"strings"
	"sync"
)

// square is small enough to be inlined into sumSquares, which puts two
// frames on one pprof Location.
func square(x int) int { return x * x }

func sumSquares(n int) int {
	s := 0
	for i := range n {
		s += square(i) % 7
	}
	return s
}

func hashLoop(n int) [32]byte {
	var h [32]byte
	for range n {
		h = sha256.Sum256(h[:])
	}
	return h
}

func sortStrings(n int) []string {
	xs := make([]string, n)
	for i := range xs {
		xs[i] = strings.Repeat(string(rune('a'+i%26)), 1+i%13)
	}
	sort.Strings(xs)
	return xs
}

// Fib is deliberately recursive so the CPU profile has deep, repeated frames
// (pprof counts a recursive function's cum once per sample).
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

func CPUWork() int {
	return sumSquares(200_000) + int(hashLoop(2_000)[0]) + len(sortStrings(2_000)) + Fib(20)
}

var sink [][]byte

func AllocSmall() {
	for range 1000 {
		sink = append(sink, make([]byte, 64))
	}
	if len(sink) > 100_000 {
		sink = sink[:0]
	}
}

func AllocLarge() []byte { return make([]byte, 1<<20) }

// Blocking exchanges values over an unbuffered channel, so the block profile
// records chanrecv/chansend waits.
func Blocking(n int) int {
	ch := make(chan int)
	go func() {
		for i := range n {
			ch <- i
		}
		close(ch)
	}()
	s := 0
	for v := range ch {
		s += v
	}
	return s
}

// Contended makes goroutines fight over one mutex for the mutex profile.
func Contended(workers, n int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for range workers {
		wg.Go(func() {
			for i := range n {
				mu.Lock()
				total += sumSquares(50) + i
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return total
}
