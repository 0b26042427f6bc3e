package services

import "shelfsync/backend/plain"

// userSentence turns an error into the one sentence a user reads, and
// writes what that sentence leaves out (the operation, the API address,
// the cause) to the log, where "Copy diagnostics" finds it.
func (c *Core) userSentence(err error) string {
	if d := plain.Detail(err); d != "" {
		c.log.Warn("told the user in plain words", "said", plain.Sentence(err), "detail", c.masker.Mask(d))
	}
	return plain.Sentence(err)
}
