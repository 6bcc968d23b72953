package roster

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// MemStore is the producer's concrete store. It returns a struct with every
// method it offers; consumers decide which of them they depend on.
type MemStore struct {
	mu       sync.RWMutex
	patients map[string]Patient
}

func NewMemStore() *MemStore { return &MemStore{patients: map[string]Patient{}} }

// Patient returns the patient with id, or an error matching ErrNotFound.
func (m *MemStore) Patient(ctx context.Context, id string) (Patient, error) {
	if err := ctx.Err(); err != nil {
		return Patient{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	p, ok := m.patients[id]
	if !ok {
		return Patient{}, fmt.Errorf("memstore: %w", ErrNotFound)
	}
	return p, nil
}

func (m *MemStore) Exists(ctx context.Context, id string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.patients[id]
	return ok, nil
}

func (m *MemStore) Save(ctx context.Context, p Patient) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.patients[p.ID] = p
	return nil
}

func (m *MemStore) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.patients, id)
	return nil
}

// List returns every patient sorted by id.
func (m *MemStore) List(ctx context.Context) ([]Patient, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Patient, 0, len(m.patients))
	for _, p := range m.patients {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Patient) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
