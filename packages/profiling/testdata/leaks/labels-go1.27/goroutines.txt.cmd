GOTOOLCHAIN=local go1.27.3 run . (main.go here): pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
