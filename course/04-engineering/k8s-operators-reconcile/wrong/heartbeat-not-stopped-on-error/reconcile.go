// Package operator reconciles a desired number of replicas of an app with
// what the cluster reports, the way a Kubernetes controller does.
package operator

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// Spec is the desired state, as written by a user.
type Spec struct {
	App      string
	Replicas int
	Image    string
}

// Pod is one running instance, as observed in the cluster.
type Pod struct {
	Name  string
	App   string
	Image string
}

// Cluster is the API the controller talks to.
type Cluster interface {
	List(ctx context.Context, app string) ([]Pod, error)
	Create(ctx context.Context, p Pod) error
	Delete(ctx context.Context, name string) error
}

// Result tells the caller when to run Reconcile again.
type Result struct {
	RequeueAfter time.Duration // 0: no requeue needed
}

// RetryDelay is how long to wait after a failed reconcile.
const RetryDelay = 2 * time.Second

// Reconcile makes one pass from observed to desired state. It reads the
// cluster every time instead of remembering what it did (level-triggered),
// so running it again after success changes nothing, and after a failure it
// simply carries on from whatever state the cluster is in.
func Reconcile(ctx context.Context, c Cluster, spec Spec) (Result, error) {
	// Tell whoever watches the controller that this pass is alive.
	done := make(chan struct{})
	go heartbeat(ctx, done)

	pods, err := c.List(ctx, spec.App)
	if err != nil {
		return Result{RequeueAfter: RetryDelay}, fmt.Errorf("list %s: %w", spec.App, err)
	}
	var keep []Pod
	for _, p := range pods {
		if p.Image != spec.Image {
			// Outdated: replace it (a real rollout would surge first).
			if err := c.Delete(ctx, p.Name); err != nil {
				return Result{RequeueAfter: RetryDelay}, fmt.Errorf("delete %s: %w", p.Name, err)
			}
			continue
		}
		keep = append(keep, p)
	}
	// Delete the surplus with the highest names first so scale-down is
	// deterministic and the survivors keep stable names.
	slices.SortFunc(keep, func(a, b Pod) int { return strings.Compare(a.Name, b.Name) })
	for len(keep) > spec.Replicas {
		last := keep[len(keep)-1]
		if err := c.Delete(ctx, last.Name); err != nil {
			return Result{RequeueAfter: RetryDelay}, fmt.Errorf("delete %s: %w", last.Name, err)
		}
		keep = keep[:len(keep)-1]
	}
	used := map[string]bool{}
	for _, p := range keep {
		used[p.Name] = true
	}
	for i := 0; len(keep) < spec.Replicas; i++ {
		name := fmt.Sprintf("%s-%d", spec.App, i)
		if used[name] {
			continue
		}
		p := Pod{Name: name, App: spec.App, Image: spec.Image}
		if err := c.Create(ctx, p); err != nil {
			return Result{RequeueAfter: RetryDelay}, fmt.Errorf("create %s: %w", name, err)
		}
		keep = append(keep, p)
	}
	close(done)
	return Result{}, nil
}

// Heartbeats counts the ticks of running passes.
var Heartbeats atomic.Int64

func heartbeat(ctx context.Context, done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
			Heartbeats.Add(1)
		}
	}
}
