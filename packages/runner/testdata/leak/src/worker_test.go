package lk

import "testing"

func TestStart(t *testing.T) {
	Start()
}
