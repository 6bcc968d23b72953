package rc

import "sync"

func Count(n int) int {
	var wg sync.WaitGroup
	c := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c++
		}()
	}
	wg.Wait()
	return c
}
