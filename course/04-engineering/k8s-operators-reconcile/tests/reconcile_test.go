package operator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// TestMain searches for leaked goroutines after every run, even when a test
// failed, so the leak check grades on its own (goleak.VerifyTestMain skips
// the search once a test has failed).
func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

// fakeCluster is an in-memory cluster: it stores pods, counts writes and can
// be told to fail the next N writes. writes counts attempted writes.
type fakeCluster struct {
	mu       sync.Mutex
	pods     map[string]Pod
	writes   int
	failNext int
}

func newCluster(pods ...Pod) *fakeCluster {
	c := &fakeCluster{pods: map[string]Pod{}}
	for _, p := range pods {
		c.pods[p.Name] = p
	}
	return c
}

func (c *fakeCluster) List(_ context.Context, app string) ([]Pod, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Pod
	for _, p := range c.pods {
		if p.App == app {
			out = append(out, p)
		}
	}
	return out, nil
}

func (c *fakeCluster) fail() error {
	if c.failNext > 0 {
		c.failNext--
		return errors.New("apiserver unavailable")
	}
	return nil
}

func (c *fakeCluster) Create(_ context.Context, p Pod) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++ // attempts, successful or not: a converged app needs none
	if err := c.fail(); err != nil {
		return err
	}
	if _, ok := c.pods[p.Name]; ok {
		return fmt.Errorf("pod %s already exists", p.Name)
	}
	c.pods[p.Name] = p
	return nil
}

func (c *fakeCluster) Delete(_ context.Context, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++ // attempts, successful or not: a converged app needs none
	if err := c.fail(); err != nil {
		return err
	}
	if _, ok := c.pods[name]; !ok {
		return fmt.Errorf("pod %s not found", name)
	}
	delete(c.pods, name)
	return nil
}

// state returns "name=image" for the app's pods, sorted.
func (c *fakeCluster) state(app string) []string {
	pods, _ := c.List(context.Background(), app)
	var out []string
	for _, p := range pods {
		out = append(out, p.Name+"="+p.Image)
	}
	slices.Sort(out)
	return out
}

var web = Spec{App: "web", Replicas: 3, Image: "web:2"}

func mustReconcile(t *testing.T, c Cluster, s Spec) {
	t.Helper()
	res, err := Reconcile(context.Background(), c, s)
	if err != nil || res.RequeueAfter != 0 {
		t.Fatalf("Reconcile = %+v, %v; want no error and no requeue", res, err)
	}
}

func TestCreatesMissingReplicas(t *testing.T) {
	c := newCluster()
	mustReconcile(t, c, web)
	want := []string{"web-0=web:2", "web-1=web:2", "web-2=web:2"}
	if got := c.state("web"); !slices.Equal(got, want) {
		t.Fatalf("pods = %v, want %v", got, want)
	}
}

func TestReconcileIsIdempotent(t *testing.T) {
	c := newCluster()
	mustReconcile(t, c, web)
	before := c.writes
	mustReconcile(t, c, web)
	mustReconcile(t, c, web)
	if c.writes != before {
		t.Fatalf("reconciling a converged app made %d more writes, want 0", c.writes-before)
	}
}

func TestScalesDownAndKeepsLowestNames(t *testing.T) {
	c := newCluster()
	mustReconcile(t, c, Spec{App: "web", Replicas: 5, Image: "web:2"})
	mustReconcile(t, c, web)
	want := []string{"web-0=web:2", "web-1=web:2", "web-2=web:2"}
	if got := c.state("web"); !slices.Equal(got, want) {
		t.Fatalf("pods = %v, want %v", got, want)
	}
}

func TestReplacesOutdatedImagesAndFillsGaps(t *testing.T) {
	c := newCluster(
		Pod{Name: "web-0", App: "web", Image: "web:1"},
		Pod{Name: "web-2", App: "web", Image: "web:2"},
		Pod{Name: "db-0", App: "db", Image: "pg:16"},
	)
	mustReconcile(t, c, web)
	want := []string{"web-0=web:2", "web-1=web:2", "web-2=web:2"}
	if got := c.state("web"); !slices.Equal(got, want) {
		t.Fatalf("pods = %v, want %v", got, want)
	}
	if got := c.state("db"); !slices.Equal(got, []string{"db-0=pg:16"}) {
		t.Fatalf("another app's pods changed: %v", got)
	}
}

func TestErrorRequeuesAndNextPassConverges(t *testing.T) {
	c := newCluster()
	c.failNext = 1
	res, err := Reconcile(context.Background(), c, web)
	if err == nil {
		t.Fatal("a failed Create must be returned as an error")
	}
	if res.RequeueAfter <= 0 {
		t.Fatalf("RequeueAfter = %v after an error, want > 0", res.RequeueAfter)
	}
	mustReconcile(t, c, web)
	want := []string{"web-0=web:2", "web-1=web:2", "web-2=web:2"}
	if got := c.state("web"); !slices.Equal(got, want) {
		t.Fatalf("pods after retry = %v, want %v", got, want)
	}
}
