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

// TakeFault finds the first queued fault that matches, uses up one of its
// times (*times(f) > 0 counts down and the fault leaves the queue at zero;
// 0 means every time) and returns a copy of it.
func TakeFault[F any](queue *[]*F, matches func(*F) bool, times func(*F) *int) (F, bool) {
	for i, f := range *queue {
		if !matches(f) {
			continue
		}
		taken := *f
		if n := times(f); *n > 0 {
			*n--
			if *n == 0 {
				*queue = append((*queue)[:i], (*queue)[i+1:]...)
			}
		}
		return taken, true
	}
	var none F
	return none, false
}
