package services

import (
	"fmt"
	"sync"

	"shelfsync/backend/connector/csvfeed"
)

// hostKeys are the SFTP host keys Test connection met and the user has not
// yet accepted, kept so the user accepts exactly that key (never one
// fetched again later, which could differ).
type hostKeys struct {
	dataDir string
	mu      sync.Mutex
	met     map[string]*csvfeed.UnknownHostKeyError
}

func (h *hostKeys) remember(e *csvfeed.UnknownHostKeyError) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.met == nil {
		h.met = map[string]*csvfeed.UnknownHostKeyError{}
	}
	h.met[e.Fingerprint] = e
}

func (h *hostKeys) trust(fingerprint string) error {
	h.mu.Lock()
	e, ok := h.met[fingerprint]
	h.mu.Unlock()
	if !ok {
		return fmt.Errorf("ShelfSync has not met a server with the fingerprint %s; run Test connection first", fingerprint)
	}
	if err := csvfeed.AcceptHostKey(h.dataDir, e.Host, e.Key); err != nil {
		return fmt.Errorf("save the host key of %s: %w", e.Host, err)
	}
	return nil
}
