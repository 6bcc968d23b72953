// Package llm is a client for OpenAI-compatible chat-completions APIs.
package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

// retryDelay should return how long to wait before retry number attempt
// (0-based): a usable Retry-After value (seconds or an HTTP date) if the
// server sent one, otherwise exponential backoff capped at MaxBackoff with
// jitter. This version has no jitter, no cap and ignores Retry-After.
func (c *Client) retryDelay(attempt int, retryAfter string) time.Duration {
	return c.Backoff << attempt
}

// Complete returns the assistant's reply. It tries once and ignores ctx.
func (c *Client) Complete(ctx context.Context, model string, msgs []Message) (string, error) {
	body, _ := json.Marshal(request{Model: model, Messages: msgs})
	req, _ := http.NewRequest(http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+"/chat/completions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.APIKey)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", &StatusError{Code: resp.StatusCode}
	}
	var out struct {
		Choices []struct {
			Message Message `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Choices) == 0 {
		return "", fmt.Errorf("chat completions: bad answer: %v", err)
	}
	return out.Choices[0].Message.Content, nil
}

// Stream should ask for a streamed reply (server-sent events), call onDelta
// (if not nil) for each fragment as it arrives and return the whole reply.
// This version waits for the full answer.
func (c *Client) Stream(ctx context.Context, model string, msgs []Message, onDelta func(string)) (string, error) {
	s, err := c.Complete(ctx, model, msgs)
	if err == nil && onDelta != nil {
		onDelta(s)
	}
	return s, err
}
