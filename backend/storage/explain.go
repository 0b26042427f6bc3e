package storage

import (
	"errors"
	"fmt"
	"strings"
)

// SQLite's primary result code for a database it may not write.
const sqliteReadOnly = 8

// ErrReadOnly marks a database ShelfSync may not write.
var ErrReadOnly = errors.New("the database is read-only")

// Explain words a failure to write the database at path for the user:
// SQLite says "attempt to write a readonly database (8)", which tells a
// merchant neither which file nor what to do. Other errors come back as
// they are.
func Explain(err error, path string) error {
	if err == nil || errors.Is(err, ErrReadOnly) {
		return err
	}
	var coded interface{ Code() int }
	readOnly := errors.As(err, &coded) && coded.Code()&0xff == sqliteReadOnly
	if !readOnly && !strings.Contains(err.Error(), "readonly database") {
		return err
	}
	return &readOnlyError{path: path, cause: err}
}

type readOnlyError struct {
	path  string
	cause error
}

func (e *readOnlyError) Error() string {
	return fmt.Sprintf("ShelfSync may not write its database %s (it is read-only for this user, or on a read-only disk), and it must to record connections and syncs: make it writable with chmod u+w %s, or run ShelfSync as the user who owns it (%v)", e.path, e.path, e.cause)
}

func (e *readOnlyError) Unwrap() []error { return []error{ErrReadOnly, e.cause} }
