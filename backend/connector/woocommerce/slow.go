package woocommerce

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// MinBatch is the smallest batch a slow site is sent: below it the calls
// per run grow faster than the time each one saves.
const MinBatch = 10

// errBatchTimedOut is the cause a write's context is cancelled with when
// one attempt timed out.
var errBatchTimedOut = errors.New("the batch call timed out")

// stopKey carries, in a write's context, the cancel function stopOnTimeout
// uses.
type stopKey struct{}

// stopOnTimeout is the transport under the HTTP client. A batch of 100
// saves can outlast the timeout on shared hosting; retried as it is, the
// same 100 saves would be sent again up to four times, adding load to a
// host already too slow for them. So when an attempt of a write call times
// out, it cancels that call (the client retries nothing once the context is
// done) and Push sends the items again in smaller batches. Reads carry no
// stopKey and are retried as usual.
type stopOnTimeout struct{ next http.RoundTripper }

func (t stopOnTimeout) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil && (isTimeout(err) || pastDeadline(r.Context())) {
		if stop, ok := r.Context().Value(stopKey{}).(context.CancelCauseFunc); ok {
			stop(errBatchTimedOut)
		}
	}
	return resp, err
}

// pastDeadline tells a timeout from a cancelled sync: the HTTP client ends
// a timed-out attempt by cancelling its context, whose deadline has then
// passed.
func pastDeadline(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// postBatch sends one batch call; timedOut is true when it timed out (the
// answer, or the rest of its body, did not come in time), so the caller
// can send the items again in smaller batches.
func (s *Store) postBatch(ctx context.Context, path string, body any) (raw []byte, timedOut bool, err error) {
	call, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	_, raw, err = s.do(context.WithValue(call, stopKey{}, stop), http.MethodPost, path, nil, body)
	if err != nil && ctx.Err() == nil && (context.Cause(call) == errBatchTimedOut || isTimeout(err)) {
		return nil, true, err
	}
	return raw, false, err
}

// shrinkBatch halves the batch size after a timeout, down to MinBatch, and
// returns the note saying so; ok is false when it was already MinBatch.
func (s *Store) shrinkBatch(from int) (note string, ok bool) {
	if from <= MinBatch {
		return "", false
	}
	to := int32(max(from/2, MinBatch))
	// Only the first of two concurrent timeouts at this size halves it.
	if !s.batch.CompareAndSwap(int32(from), to) {
		return "", true
	}
	return fmt.Sprintf("The WooCommerce site took longer than %s to save %d stock updates in one call, so ShelfSync sent them %d at a time for the rest of this sync.", s.timeout, from, to), true
}

// BatchSize is how many items one batch call carries now.
func (s *Store) BatchSize() int { return int(s.batch.Load()) }
