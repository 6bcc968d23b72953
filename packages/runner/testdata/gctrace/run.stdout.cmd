go build -o /tmp/gctrace-fixture . && GODEBUG=gctrace=1 /tmp/gctrace-fixture
