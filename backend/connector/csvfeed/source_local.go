package csvfeed

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	return &opened{name: filepath.Base(p), modTime: info.ModTime(), body: fh}, nil
}

func localError(p string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("The CSV file %s does not exist; check the path in this connection's settings", p)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("ShelfSync may not read %s; check the file's permissions", p)
	}
	return fmt.Errorf("read %s: %w", p, err)
}
