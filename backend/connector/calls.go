package connector

import "errors"

// A read that fails after retries still made its requests: "API calls 0"
// after five attempts misled. A failed read's error carries its count.

type callsError struct {
	err   error
	calls int
}

func (e *callsError) Error() string { return e.err.Error() }
func (e *callsError) Unwrap() error { return e.err }

// WithCalls attaches to a read's error how many requests the read sent.
func WithCalls(err error, calls int) error {
	if err == nil || calls <= 0 {
		return err
	}
	return &callsError{err: err, calls: calls}
}

// CallsOf is how many requests a failed read sent, as WithCalls said.
func CallsOf(err error) int {
	var ce *callsError
	if errors.As(err, &ce) {
		return ce.calls
	}
	return 0
}
