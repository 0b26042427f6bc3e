//go:build !windows

package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// checkPrivateFolder refuses a data folder another user owns or could write
// to. A folder that is a link is judged by the folder it leads to.
func checkPrivateFolder(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("check the data folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("the data folder %s is a file, not a folder; choose another with --data-dir or SHELFSYNC_DATA_DIR", dir)
	}
	if uid, ok := ownerOf(info); ok && uid != os.Geteuid() {
		return notPrivate("the data folder %s belongs to another user of this computer (user id %d), who could swap its database for one that sends your store's token to them; use a folder of your own (--data-dir or SHELFSYNC_DATA_DIR), or have it given to you: sudo chown -R %d %s", dir, uid, os.Geteuid(), dir)
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return notPrivate("other users of this computer can change the data folder %s (its mode is %04o), and could swap its database for one that sends your store's token to them; make it yours alone with: chmod 700 %s", dir, perm, dir)
	}
	return nil
}

// checkPrivateFile refuses a database file (or its -wal or -shm) that is a
// link, that another user owns or could write to, and takes away the
// others' read access an older ShelfSync left, through the file itself so
// that no link is followed. A missing file is fine.
func checkPrivateFile(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return notPrivate("the database file %s is a link to another file; ShelfSync keeps its database as a plain file in its data folder: move the file there in place of the link, or choose its folder with --data-dir", path)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("the database file %s is not a plain file; move it aside and start ShelfSync again", path)
	}
	if uid, ok := ownerOf(info); ok && uid != os.Geteuid() {
		return notPrivate("the database file %s belongs to another user of this computer (user id %d), who could have changed where it sends your store's token; move it aside to start afresh, or if you trust it have it given to you: sudo chown %d %s", path, uid, os.Geteuid(), path)
	}
	perm := info.Mode().Perm()
	if perm&0o022 != 0 {
		return notPrivate("other users of this computer can change the database file %s (its mode is %04o); if you did not allow that yourself, check each connection's store address, then make it yours alone with: chmod 600 %s", path, perm, path)
	}
	if perm&0o077 == 0 {
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

func ownerOf(info fs.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
