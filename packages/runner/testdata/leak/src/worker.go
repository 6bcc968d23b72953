package lk

// Start launches a worker that waits for a value nobody ever sends: a leak.
func Start() {
	ch := make(chan int)
	go func() {
		<-ch
	}()
}
