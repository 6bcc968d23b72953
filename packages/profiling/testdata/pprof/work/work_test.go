package work

import "testing"

func BenchmarkCPU(b *testing.B) {
	for b.Loop() {
		CPUWork()
	}
}

func BenchmarkAllocSmall(b *testing.B) {
	for b.Loop() {
		AllocSmall()
	}
}

func BenchmarkAllocLarge(b *testing.B) {
	for b.Loop() {
		_ = AllocLarge()
	}
}

func BenchmarkBlocking(b *testing.B) {
	for b.Loop() {
		Blocking(100)
	}
}

func BenchmarkContended(b *testing.B) {
	for b.Loop() {
		Contended(4, 100)
	}
}
