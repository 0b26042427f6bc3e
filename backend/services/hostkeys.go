package services

import (
	"fmt"

	"shelfsync/backend/connector/csvfeed"
)

// rememberHostKey keeps an SFTP host key a test met, so the user can accept
// exactly that key (never one fetched again later, which could differ).
func (c *Core) rememberHostKey(e *csvfeed.UnknownHostKeyError) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hostKeys == nil {
		c.hostKeys = map[string]*csvfeed.UnknownHostKeyError{}
	}
	c.hostKeys[e.Fingerprint] = e
}

func (c *Core) trustHostKey(fingerprint string) error {
	c.mu.Lock()
	e, ok := c.hostKeys[fingerprint]
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("ShelfSync has not met a server with the fingerprint %s; run Test connection first", fingerprint)
	}
	if err := csvfeed.AcceptHostKey(c.opts.DataDir, e.Host, e.Key); err != nil {
		return fmt.Errorf("save the host key of %s: %w", e.Host, err)
	}
	return nil
}
