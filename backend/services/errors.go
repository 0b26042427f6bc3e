package services

import "strings"

// userSentence turns an error into one sentence a user can read: capital
// first letter, final full stop.
func userSentence(err error) string {
	msg := strings.TrimSpace(err.Error())
	if msg == "" {
		return "Something went wrong."
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}
