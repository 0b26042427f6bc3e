package storage

import "errors"

// Run locks. A run marked running in the database may belong to a
// ShelfSync that died: a PID alone cannot tell, since after a restart the
// PID may belong to any other program. So the process running a sync also
// holds a lock per connection that is dropped the moment that process
// ends, however it ends: on SQLite an exclusive lock on a small file per
// connection, which the operating system drops; on PostgreSQL an advisory
// lock of the process's database session, which the server drops when the
// session's connection closes (postgres.go), so it holds across computers.
// A running row whose lock nobody holds belongs to a dead process.
//
// The lock files stay in place between runs: removing one while another
// process opens it would let two processes lock two different files.

// lockDirName is the folder of run locks inside the data folder.
const lockDirName = "locks"

// RunLock is a held lock on one connection's runs (or on the running of a
// data folder's schedules).
type RunLock struct{ release func() error }

// errLockHeld is what tryLock returns when another open file holds the lock.
var errLockHeld = errors.New("the lock is held")

// LockRuns takes the run lock of a connection without waiting. It returns
// ErrRunActive when another process (or another handle in this one) holds it.
func (db *DB) LockRuns(connectionID uint) (*RunLock, error) {
	return db.dialect.lockRuns(connectionID)
}

// Release drops the lock.
func (l *RunLock) Release() error {
	if l == nil || l.release == nil {
		return nil
	}
	release := l.release
	l.release = nil
	return release()
}

// RunsLocked reports whether some process holds the run lock of a
// connection now, that is, whether one of its runs is really going on.
func (db *DB) RunsLocked(connectionID uint) (bool, error) {
	l, err := db.LockRuns(connectionID)
	if errors.Is(err, ErrRunActive) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return false, l.Release()
}
