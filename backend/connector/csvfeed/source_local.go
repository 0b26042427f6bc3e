package csvfeed

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"shelfsync/backend/plain"
	"sort"
)

// openLocal opens a file on this computer, or the newest matching file when
// the path is a folder. The file's modification time is its change time.
func openLocal(p, pattern string) (*opened, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, localError(p, err)
	}
	if info.IsDir() {
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, localError(p, err)
		}
		var cands []candidate
		var others []string
		for _, e := range entries {
			if !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
				continue
			}
			if !matchName(pattern, e.Name()) {
				others = append(others, e.Name())
				continue
			}
			fi, err := os.Stat(filepath.Join(p, e.Name()))
			if err != nil || !fi.Mode().IsRegular() {
				continue
			}
			cands = append(cands, candidate{e.Name(), fi.ModTime()})
		}
		best, ok := newest(cands)
		if !ok {
			sort.Strings(others)
			return nil, noMatchError(p, "", pattern, others)
		}
		p = filepath.Join(p, best.name)
	}
	// Only a plain file: opening a named pipe blocks until a writer comes
	// (and ignores SIGTERM meanwhile), and /dev/zero never ends.
	if info, err = os.Stat(p); err != nil {
		return nil, localError(p, err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegularError(p, info.Mode())
	}
	fh, err := os.Open(p)
	if err != nil {
		return nil, localError(p, err)
	}
	// Stat the open handle, so the time belongs to the bytes we read even
	// if an export replaces the file meanwhile.
	info, err = fh.Stat()
	if err != nil {
		fh.Close()
		return nil, localError(p, err)
	}
	if !info.Mode().IsRegular() { // swapped for something else since the Stat
		fh.Close()
		return nil, notRegularError(p, info.Mode())
	}
	if afterOpen != nil {
		afterOpen(p)
	}
	// An export that truncates and rewrites the file in place while it is
	// read changes the handle's size or time: the read is then not a
	// snapshot of one version of the file.
	unchanged := func() bool {
		now, err := fh.Stat()
		return err == nil && now.Size() == info.Size() && now.ModTime().Equal(info.ModTime())
	}
	return &opened{name: filepath.Base(p), modTime: info.ModTime(), body: fh, unchanged: unchanged}, nil
}

// notRegularError refuses a path that is not a plain file.
func notRegularError(p string, mode fs.FileMode) error {
	what := "not a plain file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case mode&fs.ModeDevice != 0, mode&fs.ModeCharDevice != 0:
		what = "a device"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%s is %s, not a file ShelfSync can read as a CSV export; point the connection at the exported file itself", p, what)
}

// afterOpen, when set by a test, runs once a local file is open, to
// change the file under the read.
var afterOpen func(path string)

func localError(p string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return plain.Errorf("The CSV file %s does not exist; check the path in this connection's settings", p)
	case errors.Is(err, fs.ErrPermission):
		return plain.Errorf("ShelfSync may not read %s; check the file's permissions", p)
	}
	return fmt.Errorf("read %s: %w", p, err)
}
