package logs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// File is a log file capped at max bytes: a write that would pass the cap
// first moves the file to .1 (.1 to .2, and so on up to keep files), so the
// log of a machine that syncs every few minutes for a year stays small.
type File struct {
	mu   sync.Mutex
	dir  string
	max  int64
	keep int
	f    *os.File
	size int64
}

// OpenFile opens (or creates) dir/shelfsync.log for appending.
func OpenFile(dir string, max int64, keep int) (*File, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the log folder: %w", err)
	}
	l := &File{dir: dir, max: max, keep: keep}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *File) path(i int) string {
	p := filepath.Join(l.dir, FileName)
	if i > 0 {
		p += fmt.Sprintf(".%d", i)
	}
	return p
}

func (l *File) open() error {
	f, err := os.OpenFile(l.path(0), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("open the log: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open the log: %w", err)
	}
	l.f, l.size = f, info.Size()
	return nil
}

// Write appends one line, rotating first when it would pass the cap.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, errors.New("the log is closed")
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

func (l *File) rotate() error {
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("rotate the log: %w", err)
	}
	for i := l.keep - 1; i > 0; i-- {
		err := os.Rename(l.path(i-1), l.path(i))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("rotate the log: %w", err)
		}
	}
	return l.open()
}

// Close closes the file; later writes fail.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
