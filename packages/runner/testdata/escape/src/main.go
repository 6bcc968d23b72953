package main

import "fmt"

type point struct{ x, y int }

func newPoint() *point {
	p := point{1, 2}
	return &p
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	p := newPoint()
	xs := make([]int, 10)
	fmt.Println(p.x, sum(xs))
}

// at keeps a bounds check: nothing tells the compiler that i < len(xs).
func at(xs []int, i int) int {
	return xs[i]
}

// join's parameter leaks to its result: the compiler explains the flow.
func join(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}
