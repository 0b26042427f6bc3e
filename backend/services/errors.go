package services

import (
	"log/slog"

	"shelfsync/backend/plain"
)

// userSentence turns an error into the one sentence a user reads, and
// writes what that sentence leaves out (the operation, the API address,
// the cause) to log, where "Copy diagnostics" finds it; the log masks
// every secret it knows.
func userSentence(log *slog.Logger, err error) string {
	if d := plain.Detail(err); d != "" && log != nil {
		log.Warn("told the user in plain words", "said", plain.Sentence(err), "detail", d)
	}
	return plain.Sentence(err)
}
