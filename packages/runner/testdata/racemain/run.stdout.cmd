go run -race .
