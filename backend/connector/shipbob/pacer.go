package shipbob

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// pacer keeps requests within a sliding window (ShipBob allows 150 a
// minute per user and app), so a long read slows down instead of being
// refused. It counts every attempt, retries included, because it sits in
// the transport under httpx's retry loop.
type pacer struct {
	limit  int
	window time.Duration
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	sent []time.Time
	// waited is the total time spent waiting for the window.
	waited time.Duration
}

// wait blocks until one more request fits in the window, then books it.
func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		now := p.now()
		cut := 0
		for cut < len(p.sent) && !p.sent[cut].After(now.Add(-p.window)) {
			cut++
		}
		p.sent = p.sent[cut:]
		if len(p.sent) < p.limit {
			p.sent = append(p.sent, now)
			p.mu.Unlock()
			return nil
		}
		d := p.sent[0].Add(p.window).Sub(now)
		// A hair past the edge, so the oldest request has surely left the
		// server's window too.
		d += 10 * time.Millisecond
		p.waited += d
		p.mu.Unlock()
		if err := p.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// Waited is the total time the pacer has held requests back.
func (p *pacer) Waited() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waited
}

// pacedTransport waits for the pacer before every request.
type pacedTransport struct {
	next  http.RoundTripper
	pacer *pacer
}

func (t pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.pacer.wait(req.Context()); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(req)
}
