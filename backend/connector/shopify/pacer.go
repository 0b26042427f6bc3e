package shopify

import (
	"context"
	"math"
	"sync"
	"time"
)

// DefaultMaxWait bounds one wait for the cost bucket. A standard bucket
// (1,000 points restoring 100 a second) refills whole in 10 s; a server
// claiming a restore rate that would make us wait longer is not believed
// beyond this, and the request is sent anyway for Shopify to judge.
const DefaultMaxWait = time.Minute

// Figures a throttle status may carry and still be believed; outside them
// (negative, NaN, infinite, absurdly small or large) the report is ignored
// or clamped. Shopify's plans restore 100 to 2,000 points a second.
const (
	minRestoreRate = 1.0
	maxRestoreRate = 1e6
	maxBucket      = 1e7
)

// pacer tracks Shopify's cost bucket client-side: what the last answer said
// was available, refilled at the restore rate since, so that a request is
// only sent when the bucket can afford it.
type pacer struct {
	mu              sync.Mutex
	known           bool
	max, avail, per float64 // per = restore rate, points a second
	at              time.Time
	learned         map[string]int
	maxWait         time.Duration
}

func newPacer(maxWait time.Duration) *pacer {
	return &pacer{learned: map[string]int{}, maxWait: maxWait}
}

// estimate is the cost to budget for op: what Shopify last said it
// requested for op, else the caller's estimate.
func (p *pacer) estimate(op string, fallback int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.learned[op]; ok {
		return c
	}
	return fallback
}

// bucketMax is the bucket's size as last reported, 0 when unknown.
func (p *pacer) bucketMax() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known {
		return 0
	}
	return p.max
}

// reserve spends cost if the bucket holds it (returning 0), or says how
// long to wait until it will, never more than maxWait.
func (p *pacer) reserve(now time.Time, cost int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known {
		return 0
	}
	c := math.Min(float64(cost), p.max)
	level := p.level(now)
	if level >= c {
		p.avail, p.at = level-c, now
		return 0
	}
	// Seconds as a float first: a tiny rate must not overflow a Duration.
	secs := math.Min((c-level)/p.per, p.maxWait.Seconds())
	return max(time.Duration(math.Ceil(secs*1000))*time.Millisecond, time.Millisecond)
}

// spend takes cost from the bucket whatever it holds: the request goes
// out after the longest wait we allow.
func (p *pacer) spend(now time.Time, cost int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known {
		p.avail, p.at = math.Max(p.level(now)-float64(cost), 0), now
	}
}

// short reports whether the bucket, as last reported, cannot afford cost.
func (p *pacer) short(now time.Time, cost int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.known && p.level(now) < math.Min(float64(cost), p.max)
}

// available is what the bucket holds now as far as we know; known is false
// before Shopify has said.
func (p *pacer) available(now time.Time) (points float64, known bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.known {
		return 0, false
	}
	return p.level(now), true
}

func (p *pacer) level(now time.Time) float64 {
	el := math.Max(now.Sub(p.at).Seconds(), 0)
	return math.Min(p.max, p.avail+p.per*el)
}

// wait blocks until the bucket can afford cost, or maxWait has passed.
func (p *pacer) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error, cost int) error {
	deadline := now().Add(p.maxWait)
	for {
		d := p.reserve(now(), cost)
		if d == 0 {
			return ctx.Err()
		}
		left := deadline.Sub(now())
		if left <= 0 {
			p.spend(now(), cost)
			return ctx.Err()
		}
		if err := sleep(ctx, min(d, left)); err != nil {
			return err
		}
	}
}

// observe takes in what an answer said about the bucket and the cost,
// ignoring figures no Shopify plan has.
func (p *pacer) observe(now time.Time, op string, c *costInfo) {
	if c == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if r := c.RequestedQueryCost; r != nil && *r > 0 && *r <= maxBucket {
		p.learned[op] = int(math.Ceil(*r))
	}
	t := c.ThrottleStatus
	if t == nil || !(t.MaximumAvailable > 0 && t.MaximumAvailable <= maxBucket) || math.IsNaN(t.RestoreRate) || math.IsNaN(t.CurrentlyAvailable) {
		return
	}
	p.known, p.max, p.at = true, t.MaximumAvailable, now
	p.avail = math.Max(0, math.Min(t.CurrentlyAvailable, t.MaximumAvailable))
	p.per = math.Max(minRestoreRate, math.Min(t.RestoreRate, maxRestoreRate))
}

// mustWaitFor makes sure the next wait for op covers the cost Shopify said
// it requested, even if our estimate was lower.
func (p *pacer) mustWaitFor(op string, c *costInfo) {
	if c == nil || c.RequestedQueryCost == nil || !(*c.RequestedQueryCost > 0 && *c.RequestedQueryCost <= maxBucket) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := int(math.Ceil(*c.RequestedQueryCost)); n > p.learned[op] {
		p.learned[op] = n
	}
}
