// Package operator reconciles a desired number of replicas of an app with
// what the cluster reports, the way a Kubernetes controller does.
package operator

import (
	"context"
	"fmt"
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

// Reconcile should move the cluster from observed to desired state. This
// version is edge-triggered thinking: it "does what the spec says" without
// looking at what already exists, and it ignores failures.
func Reconcile(ctx context.Context, c Cluster, spec Spec) (Result, error) {
	for i := range spec.Replicas {
		_ = c.Create(ctx, Pod{Name: fmt.Sprintf("%s-%d", spec.App, i), App: spec.App, Image: spec.Image})
	}
	return Result{}, nil
}
