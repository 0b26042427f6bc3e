package services

import (
	"strings"

	"shelfsync/backend/engine"
)

// userSentence turns an error into one sentence a user can read: the
// sentence it carries without the code's context prefixes, capital first
// letter, final full stop.
func userSentence(err error) string {
	msg := engine.PlainMessage(err.Error())
	if msg == "" {
		return "Something went wrong."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}
