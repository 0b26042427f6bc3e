// Package plain keeps apart the two readers of an error: the merchant, who
// reads one sentence they can act on, and the log and "Copy diagnostics",
// which want everything (the operation, the API path, the cause).
//
// A connector says what went wrong with New, Errorf or Wrap; the layers
// above add context the usual way (fmt.Errorf("read locations: %w", err)),
// which lands in Error() and so in the log. Sentence finds the merchant's
// sentence under any such context, and Detail is the whole chain.
package plain

import (
	"errors"
	"fmt"
	"strings"
)

// Sentencer is an error that carries the sentence its user reads. Besides
// *Error, a wrapper that rewrites text (the secret redactor) implements it
// so the sentence it gives out is rewritten too.
type Sentencer interface {
	error
	UserSentence() string
}

// Error is a failure told twice: sentence for the merchant, and Error()
// for the log, which adds the cause's own words when the sentence leaves
// them out.
type Error struct {
	Sentence string
	// Cause is what the error wraps, for errors.Is and the log.
	Cause error
	// causeInText: the sentence already spells the cause out (Errorf's %w).
	causeInText bool
}

// New is an error whose text is a sentence for the merchant.
func New(sentence string) error { return &Error{Sentence: sentence} }

// Errorf is New with fmt.Errorf's formatting; a %w keeps its error
// reachable by errors.Is and errors.As, and its text is part of the sentence.
func Errorf(format string, args ...any) error {
	e := fmt.Errorf(format, args...)
	return &Error{Sentence: e.Error(), Cause: unwrapped(e), causeInText: true}
}

// Wrap is a sentence for the merchant over a cause whose words (an
// endpoint, an operation, a system error) are for the log only.
func Wrap(cause error, format string, args ...any) error {
	return &Error{Sentence: fmt.Sprintf(format, args...), Cause: cause}
}

// Error is the whole story, for the log.
func (e *Error) Error() string {
	if e.Cause == nil || e.causeInText {
		return e.Sentence
	}
	return e.Sentence + " [" + strings.ReplaceAll(e.Cause.Error(), "\n", "; ") + "]"
}

// UserSentence is what the merchant reads.
func (e *Error) UserSentence() string { return e.Sentence }

// Unwrap keeps errors.Is and errors.As reaching the cause.
func (e *Error) Unwrap() error { return e.Cause }

// unwrapped is what fmt.Errorf's %w verbs wrapped: one error, or several
// joined (errors.Is and errors.As see each of them).
func unwrapped(e error) error {
	switch u := e.(type) {
	case interface{ Unwrap() error }:
		return u.Unwrap()
	case interface{ Unwrap() []error }:
		return errors.Join(u.Unwrap()...)
	}
	return nil
}

// Sentence is the one sentence a merchant reads for err: the sentence the
// outermost Sentencer in its chain carries, else (an error nobody phrased
// for a merchant) its whole text, which is then all there is. It starts
// with a capital and ends with a full stop.
func Sentence(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var s Sentencer
	if errors.As(err, &s) {
		msg = s.UserSentence()
	}
	return tidy(msg)
}

// Detail is everything err says, for the log and diagnostics; empty when
// it says no more than its sentence.
func Detail(err error) string {
	if err == nil {
		return ""
	}
	if d := strings.TrimSpace(err.Error()); tidy(d) != Sentence(err) {
		return d
	}
	return ""
}

func tidy(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return "Something went wrong."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if last := msg[len(msg)-1]; last != '.' && last != '!' && last != '?' {
		msg += "."
	}
	return msg
}
