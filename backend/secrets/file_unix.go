//go:build !windows

package secrets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// tightenFile makes an existing secrets file readable by the user alone.
// It refuses a link rather than follow it: chmod through a link changes
// the file it points at, which, run as root, could be /etc/passwd. The
// mode is changed through the opened file, opened without following a
// link, so a link put in place after the check is not followed either.
func tightenFile(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("the secrets file %s is a link to another file; ShelfSync keeps secrets only in a plain file of its own: remove the link and enter the connections' secrets again", path)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("the secrets file %s is not a plain file; move it aside and enter the connections' secrets again", path)
	}
	if info.Mode().Perm() == 0o600 {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return fmt.Errorf("open %s to make it readable only by you: %w", path, err)
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("make %s readable only by you: %w", path, err)
	}
	return nil
}
