// Package llm is a client for OpenAI-compatible chat-completions APIs.
package llm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Message is one chat turn.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Client talks to BaseURL + "/chat/completions".
type Client struct {
	BaseURL    string
	APIKey     string
	HTTP       *http.Client
	MaxRetries int           // extra attempts after the first, for 429 and 5xx
	Backoff    time.Duration // base delay: retry n waits a random time in [d/2, d], d = Backoff << n
	MaxBackoff time.Duration // cap on d; zero means 30s
}

type request struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
	Stream   bool      `json:"stream,omitempty"`
}

// StatusError is a non-2xx answer from the API.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("chat completions: HTTP %d: %s", e.Code, e.Body)
}

// retryable says whether a status may succeed on a later attempt: rate limits
// and server-side failures. Any other 4xx means the request itself is wrong.
func retryable(code int) bool { return code == http.StatusTooManyRequests || code >= 500 }

const defaultMaxBackoff = 30 * time.Second

// retryDelay is how long to wait before retry number attempt (0-based).
// A usable Retry-After (delta-seconds or an HTTP date) wins: the server knows
// when it will have capacity again. Otherwise exponential backoff with "equal
// jitter": half of d is guaranteed, the other half is random so that clients
// rejected at the same moment do not all come back at the same moment.
func (c *Client) retryDelay(attempt int, retryAfter string) time.Duration {
	if retryAfter != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(retryAfter)); err == nil && secs > 0 {
			return time.Duration(secs) * time.Second
		}
		if at, err := http.ParseTime(retryAfter); err == nil {
			if d := time.Until(at); d > 0 {
				return d
			}
		}
	}
	limit := c.MaxBackoff
	if limit <= 0 {
		limit = defaultMaxBackoff
	}
	// Double step by step instead of Backoff << attempt, which overflows to a
	// negative duration (no wait at all) after a few dozen attempts.
	d := max(c.Backoff, 0)
	for i := 0; i < attempt && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

// do sends the request, retrying 429 and 5xx until MaxRetries is used up or
// ctx ends. The caller closes the returned body.
func (c *Client) do(ctx context.Context, body []byte) (*http.Response, error) {
	url := strings.TrimSuffix(c.BaseURL, "/") + "/chat/completions"
	for attempt := 0; ; attempt++ {
		// A fresh request and body reader per attempt: a sent body is consumed.
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
		resp, err := c.HTTP.Do(req)
		if err != nil {
			// ctx's deadline or cancellation, or a transport failure. The latter
			// is not retried: the server may have run (and billed) the request.
			return nil, err
		}
		if resp.StatusCode/100 == 2 {
			return resp, nil
		}
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
		serr := &StatusError{Code: resp.StatusCode, Body: strings.TrimSpace(string(msg))}
		if !retryable(resp.StatusCode) || attempt >= c.MaxRetries {
			return nil, serr
		}
		wait := c.retryDelay(attempt, resp.Header.Get("Retry-After"))
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// Sleeping past the deadline only to report DeadlineExceeded hides
			// the real cause and wastes the caller's remaining time.
			return nil, fmt.Errorf("chat completions: retry in %v would pass the deadline: %w", wait, serr)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (last answer: %w)", ctx.Err(), serr)
		case <-t.C:
		}
	}
}

// Complete returns the assistant's reply.
func (c *Client) Complete(ctx context.Context, model string, msgs []Message) (string, error) {
	body, err := json.Marshal(request{Model: model, Messages: msgs})
	if err != nil {
		return "", err
	}
	resp, err := c.do(ctx, body)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Choices []struct {
			Message Message `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", fmt.Errorf("chat completions: decode: %w", err)
	}
	if len(out.Choices) == 0 {
		return "", fmt.Errorf("chat completions: no choices")
	}
	return out.Choices[0].Message.Content, nil
}

// Stream asks for a streamed reply (server-sent events), calls onDelta (if not
// nil) for each content fragment as it arrives and returns the whole reply.
// On an error it returns what arrived so far together with the error.
func (c *Client) Stream(ctx context.Context, model string, msgs []Message, onDelta func(string)) (string, error) {
	body, err := json.Marshal(request{Model: model, Messages: msgs, Stream: true})
	if err != nil {
		return "", err
	}
	resp, err := c.do(ctx, body)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var all strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20) // one event can exceed the default 64 KiB line limit
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data:")
		if !ok {
			continue // blank separators, comments (": keep-alive"), event: and id: lines
		}
		data = strings.TrimSpace(data)
		if data == "[DONE]" {
			return all.String(), nil
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			return all.String(), fmt.Errorf("chat completions: bad chunk %q: %w", data, err)
		}
		if len(chunk.Choices) > 0 && chunk.Choices[0].Delta.Content != "" {
			all.WriteString(chunk.Choices[0].Delta.Content)
			if onDelta != nil {
				onDelta(chunk.Choices[0].Delta.Content)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return all.String(), fmt.Errorf("chat completions: stream: %w", err)
	}
	// EOF without [DONE]: the connection dropped, so the reply is truncated and
	// must not pass for a complete one.
	return all.String(), fmt.Errorf("chat completions: stream ended without [DONE]")
}
