package rc

import "testing"

func TestCount(t *testing.T) {
	if Count(4) < 1 {
		t.Fatal("no count")
	}
}
