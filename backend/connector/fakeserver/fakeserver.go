// Package fakeserver holds what the platform fakes (test support for the
// connectors) share: waiting out an injected hang or delay.
package fakeserver

import (
	"net/http"
	"time"
)

// Stall waits out an injected fault's hang (until the client gives up or
// the server closes) or delay. It returns true when the request must not be
// answered: it hung, or the client or server went away during the delay.
func Stall(r *http.Request, closing <-chan struct{}, hang bool, delay time.Duration) bool {
	if hang {
		select {
		case <-r.Context().Done():
		case <-closing:
		}
		return true
	}
	if delay <= 0 {
		return false
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return false
	case <-r.Context().Done():
		return true
	case <-closing:
		return true
	}
}
