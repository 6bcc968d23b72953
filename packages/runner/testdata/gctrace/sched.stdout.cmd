GODEBUG=schedtrace=5 /tmp/gctrace-fixture
