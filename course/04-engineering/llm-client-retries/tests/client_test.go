package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain searches for leaked goroutines even when a test failed, so the
// leak check grades on its own (goleak.VerifyTestMain skips it after a failure).
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

// handlerTransport serves requests with an http.Handler in process: the fake
// API needs no socket (the sandbox has no network). Like a real connection it
// returns the response as soon as the handler sends its header and streams
// the body through a pipe, so a client that reads the body incrementally sees
// each write when it happens; and cancelling the request's context breaks
// both the wait for the header and a body read in progress.
type handlerTransport struct{ h http.Handler }

type pipeWriter struct {
	header http.Header
	sent   bool
	code   int
	ready  chan struct{} // closed once code and header are fixed
	pw     *io.PipeWriter
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	if w.sent {
		return
	}
	w.sent, w.code = true, code
	close(w.ready)
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

func (w *pipeWriter) Flush() {}

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, ready: make(chan struct{}), pw: pw}
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.h.ServeHTTP(w, r)
		w.WriteHeader(http.StatusOK) // a handler that wrote nothing answers 200 with an empty body
		pw.CloseWithError(ctx.Err()) // nil means EOF
	}()
	go func() { // what a real transport does when the context ends mid-body: reads fail with ctx's error
		select {
		case <-ctx.Done():
			pw.CloseWithError(ctx.Err())
		case <-done:
		}
	}()
	select {
	case <-w.ready:
		return &http.Response{
			Status: fmt.Sprintf("%d %s", w.code, http.StatusText(w.code)), StatusCode: w.code,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: w.header.Clone(), Body: pr, ContentLength: -1, Request: r,
		}, nil
	case <-ctx.Done():
		<-done // the fake handlers watch the same context and return
		return nil, ctx.Err()
	}
}

func client(h http.Handler) *Client {
	return &Client{BaseURL: "http://llm.test/v1", APIKey: "k-test", HTTP: &http.Client{Transport: handlerTransport{h}}, MaxRetries: 3, Backoff: time.Millisecond}
}

type reqBody struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
	Stream   bool      `json:"stream"`
}

func answer(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}]}`, text)
}

func chunk(w http.ResponseWriter, text string) {
	fmt.Fprintf(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%q}}]}\n\n", text)
}

var msgs = []Message{{Role: "user", Content: "Summarise visit 3"}}

func TestCompleteSendsAWellFormedRequest(t *testing.T) {
	var got reqBody
	var path, auth, ctype string
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, auth, ctype = r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type")
		json.NewDecoder(r.Body).Decode(&got)
		answer(w, "Stable, no new events.")
	}))
	out, err := c.Complete(context.Background(), "small-1", msgs)
	if err != nil || out != "Stable, no new events." {
		t.Fatalf("Complete = %q, %v", out, err)
	}
	if path != "/v1/chat/completions" || auth != "Bearer k-test" || ctype != "application/json" || got.Model != "small-1" || !slices.Equal(got.Messages, msgs) || got.Stream {
		t.Fatalf("request: path %q auth %q content-type %q body %+v", path, auth, ctype, got)
	}
}

func TestRetriesRateLimitsAndServerErrors(t *testing.T) {
	var calls atomic.Int32
	var bodies []string
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		switch calls.Add(1) {
		case 1:
			http.Error(w, `{"error":"rate limited"}`, http.StatusTooManyRequests)
		case 2:
			http.Error(w, `{"error":"overloaded"}`, http.StatusServiceUnavailable)
		default:
			answer(w, "ok")
		}
	}))
	out, err := c.Complete(context.Background(), "m", msgs)
	if err != nil || out != "ok" || calls.Load() != 3 {
		t.Fatalf("Complete = %q, %v after %d calls; want ok after 3", out, err, calls.Load())
	}
	if bodies[0] == "" || bodies[1] != bodies[0] || bodies[2] != bodies[0] {
		t.Fatalf("request bodies per attempt %q; every retry must resend the same body", bodies)
	}
}

func TestDoesNotRetryClientErrors(t *testing.T) {
	var calls atomic.Int32
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, `{"error":"invalid model"}`, http.StatusBadRequest)
	}))
	_, err := c.Complete(context.Background(), "m", msgs)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 400 {
		t.Fatalf("err = %v, want a *StatusError with code 400", err)
	}
	if !strings.Contains(se.Body, "invalid model") {
		t.Errorf("StatusError.Body = %q, want the server's explanation", se.Body)
	}
	if calls.Load() != 1 {
		t.Fatalf("a 400 was sent %d times; retrying cannot fix a bad request", calls.Load())
	}
}

func TestGivesUpAfterMaxRetriesWithBackoff(t *testing.T) {
	var calls atomic.Int32
	var times []time.Time
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		times = append(times, time.Now())
		http.Error(w, "down", http.StatusBadGateway)
	}))
	c.Backoff = 10 * time.Millisecond
	_, err := c.Complete(context.Background(), "m", msgs)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 502 {
		t.Fatalf("err = %v, want the last *StatusError (502)", err)
	}
	if calls.Load() != 4 {
		t.Fatalf("%d attempts, want 1 + MaxRetries(3)", calls.Load())
	}
	// The third retry waits at least half of 10ms<<2 = 40ms, whatever the jitter.
	if gap := times[3].Sub(times[2]); gap < 19*time.Millisecond {
		t.Errorf("third retry came %v after the second; want exponential backoff (20-40ms)", gap)
	}
}

func TestRetryDelayIsExponentialCappedAndJittered(t *testing.T) {
	c := &Client{Backoff: 10 * time.Millisecond, MaxBackoff: time.Second}
	for attempt, d := range []time.Duration{10, 20, 40, 80} {
		d *= time.Millisecond
		seen := map[time.Duration]bool{}
		for range 200 {
			got := c.retryDelay(attempt, "")
			if got < d/2 || got > d {
				t.Fatalf("retryDelay(%d) = %v, want within [%v, %v]", attempt, got, d/2, d)
			}
			seen[got] = true
		}
		if len(seen) < 10 {
			t.Fatalf("retryDelay(%d) gave only %d distinct values in 200 calls: without jitter, clients rejected together retry together", attempt, len(seen))
		}
	}
	for _, attempt := range []int{7, 40, 70} { // 10ms<<7 = 1.28s, and shifts that overflow int64
		if got := c.retryDelay(attempt, ""); got < 500*time.Millisecond || got > time.Second {
			t.Fatalf("retryDelay(%d) = %v, want within [500ms, 1s] (MaxBackoff caps it)", attempt, got)
		}
	}
	c.MaxBackoff = 0
	if got := c.retryDelay(60, ""); got < 15*time.Second || got > 30*time.Second {
		t.Fatalf("retryDelay(60) with MaxBackoff 0 = %v, want within [15s, 30s] (the default cap)", got)
	}
}

func TestRetryDelayHonoursRetryAfter(t *testing.T) {
	c := &Client{Backoff: 10 * time.Millisecond, MaxBackoff: time.Second}
	if got := c.retryDelay(0, "3"); got != 3*time.Second {
		t.Errorf(`retryDelay(0, "3") = %v, want 3s`, got)
	}
	date := time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat)
	if got := c.retryDelay(0, date); got < 8*time.Second || got > 10*time.Second {
		t.Errorf("retryDelay(0, %q) = %v, want about 9-10s (HTTP dates have 1s resolution)", date, got)
	}
	for _, bad := range []string{"soon", "-5", "0", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)} {
		if got := c.retryDelay(1, bad); got < 10*time.Millisecond || got > 20*time.Millisecond {
			t.Errorf("retryDelay(1, %q) = %v, want the normal backoff [10ms, 20ms] for an unusable Retry-After", bad, got)
		}
	}
}

func TestRetryAfterBeyondTheDeadlineFailsFast(t *testing.T) {
	var calls atomic.Int32
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "5")
			http.Error(w, `{"error":"quota exhausted"}`, http.StatusTooManyRequests)
			return
		}
		answer(w, "too early")
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	out, err := c.Complete(ctx, "m", msgs)
	if calls.Load() != 1 || err == nil {
		t.Fatalf("Complete = %q, %v after %d calls; the server asked for 5s, so retrying at once ignores Retry-After", out, err, calls.Load())
	}
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 {
		t.Fatalf("err = %v, want it to wrap the 429 *StatusError", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned after %v: a wait of 5s cannot fit in a 2s deadline, so give up at once", d)
	}
}

func TestDeadlineStopsAHangingCall(t *testing.T) {
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A server that does not answer; it gives up after 2s so a client
		// without a deadline fails the test instead of hanging it.
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Complete(ctx, "m", msgs)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned after %v with a 50ms deadline", d)
	}
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	}))
	c.Backoff, c.MaxBackoff = 3*time.Second, 3*time.Second
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Complete(ctx, "m", msgs)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned %v after the start; the backoff sleep must end when the context does", d)
	}
}

func TestStreamParsesServerSentEventsAsTheyArrive(t *testing.T) {
	var streamed, incremental bool
	firstSeen := make(chan struct{})
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body reqBody
		json.NewDecoder(r.Body).Decode(&body)
		streamed = body.Stream
		if !body.Stream {
			answer(w, "Blood pressure improved.")
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, ": keep-alive\n\n")
		chunk(w, "Blood ")
		// The rest is sent only once the client has shown the first fragment
		// (or after 1s): a client that buffers the whole body fails here.
		select {
		case <-firstSeen:
			incremental = true
		case <-time.After(time.Second):
		case <-r.Context().Done():
			return
		}
		chunk(w, "pressure ")
		fmt.Fprint(w, "event: ignored\n")
		chunk(w, "improved.")
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	var parts []string
	out, err := c.Stream(context.Background(), "m", msgs, func(s string) {
		if len(parts) == 0 {
			close(firstSeen)
		}
		parts = append(parts, s)
	})
	if !streamed {
		t.Fatal(`the request did not ask for "stream": true`)
	}
	if err != nil || out != "Blood pressure improved." {
		t.Fatalf("Stream = %q, %v", out, err)
	}
	if !slices.Equal(parts, []string{"Blood ", "pressure ", "improved."}) {
		t.Fatalf("onDelta saw %q, want each chunk's content", parts)
	}
	if !incremental {
		t.Fatal("the first fragment reached onDelta only after the whole stream; parse events as they arrive")
	}
}

func TestStreamWithoutDoneIsAnError(t *testing.T) {
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		chunk(w, "Blood ")
		chunk(w, "pressure ") // the connection drops here: no [DONE]
	}))
	out, err := c.Stream(context.Background(), "m", msgs, nil)
	if err == nil {
		t.Fatalf("Stream = %q, nil: a stream cut before [DONE] is a truncated reply, not a complete one", out)
	}
	if out != "Blood pressure " {
		t.Fatalf("Stream returned %q with the error, want what arrived (%q)", out, "Blood pressure ")
	}
}

func TestStreamStopsWhenCancelled(t *testing.T) {
	c := client(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		chunk(w, "Blood ")
		select { // the model keeps "thinking" until the client goes away
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
			chunk(w, "late")
			fmt.Fprint(w, "data: [DONE]\n\n")
		}
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	out, err := c.Stream(ctx, "m", msgs, func(string) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream = %q, %v; want an error wrapping context.Canceled", out, err)
	}
	if out != "Blood " {
		t.Errorf("Stream returned %q, want the part that arrived before the cancel", out)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned after %v; cancelling must stop a stream at once", d)
	}
}
