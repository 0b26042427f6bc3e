package secrets

import (
	"fmt"
	"sync"
)

// Memory is a Store that forgets everything when the process ends, for
// tests.
type Memory struct {
	mu     sync.Mutex
	values map[string]string
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{values: map[string]string{}} }

func (m *Memory) Set(ref, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[ref] = value
	return nil
}

func (m *Memory) Get(ref string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[ref]
	if !ok {
		return "", fmt.Errorf("secret %s: %w", ref, ErrSecretNotFound)
	}
	return v, nil
}

func (m *Memory) Delete(ref string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.values, ref)
	return nil
}
