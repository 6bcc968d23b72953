package tj

import (
	"fmt"
	"testing"
)

func TestAddPass(t *testing.T) {
	if Add(2, 2) != 4 {
		t.Fatal("2+2")
	}
}

func TestAddFail(t *testing.T) {
	if got := Add(2, 2); got != 5 {
		t.Errorf("Add(2, 2) = %d, want 5", got)
	}
}

func TestSkipped(t *testing.T) { t.Skip("not on this platform") }

func TestNoisy(t *testing.T) {
	Noisy()
	fmt.Print("=== RUN   TestFake")
	t.Log("after noise")
}

func TestTable(t *testing.T) {
	for _, c := range []struct{ name string; a, b, want int }{{"small", 1, 2, 3}, {"neg", -1, -1, -3}} {
		t.Run(c.name, func(t *testing.T) {
			if got := Add(c.a, c.b); got != c.want {
				t.Errorf("got %d want %d", got, c.want)
			}
		})
	}
}
