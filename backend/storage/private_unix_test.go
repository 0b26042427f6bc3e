//go:build !windows

package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestOpenRefusesADataFolderOtherUsersCanChange(t *testing.T) {
	for _, mode := range []os.FileMode{0o777, 0o770, 0o702} {
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		db, err := Open(dir)
		if err == nil {
			db.Close()
			t.Fatalf("a data folder of mode %o was used", mode)
		}
		if !errors.Is(err, ErrNotPrivate) || !strings.Contains(err.Error(), "chmod 700 "+dir) {
			t.Errorf("mode %o: %v, want ErrNotPrivate with the fix", mode, err)
		}
		if _, statErr := os.Stat(filepath.Join(dir, FileName)); statErr == nil {
			t.Errorf("mode %o: a database was created in the refused folder", mode)
		}
	}
}

func TestOpenRefusesADatabaseOtherUsersCanChange(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	path := filepath.Join(dir, FileName)
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(dir); err == nil {
		db.Close()
		t.Fatal("a database writable by others was used")
	} else if !errors.Is(err, ErrNotPrivate) || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("%v, want ErrNotPrivate with the fix", err)
	}
}

// Running as root, the test can hand the folder and the file to another
// user; as anyone else it cannot, and skips.
func TestOpenRefusesAFolderOrDatabaseOfAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	const nobody = 65534
	folder := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(folder, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(folder); err == nil {
		db.Close()
		t.Error("another user's data folder was used")
	} else if !errors.Is(err, ErrNotPrivate) || !strings.Contains(err.Error(), "belongs to another user") {
		t.Errorf("another user's folder: %v", err)
	}

	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chown(filepath.Join(dir, FileName), nobody, nobody); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(dir); err == nil {
		db.Close()
		t.Error("another user's database was used")
	} else if !errors.Is(err, ErrNotPrivate) || !strings.Contains(err.Error(), "belongs to another user") {
		t.Errorf("another user's database: %v", err)
	}
}

func TestTheDatabaseAndItsWALAndSHMAreReadableOnlyByTheUserEvenInAnOpenFolder(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	addConnection(t, db, "A") // a write, so the -wal and -shm exist
	for _, name := range []string{FileName, FileName + "-wal", FileName + "-shm"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o, want 0600", name, info.Mode().Perm())
		}
	}
}

func TestOpenTightensADatabaseOthersCouldReadWithoutFollowingALink(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	path := filepath.Join(dir, FileName)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("the database an older version left 0644 is %o after Open, want 0600", info.Mode().Perm())
	}

	// A database that is a link to another file is not used, and the
	// file it points at keeps its mode.
	linked := t.TempDir()
	target := filepath.Join(t.TempDir(), "elsewhere.db")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(linked, FileName)); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(linked); err == nil {
		db.Close()
		t.Error("a database that is a link was used")
	} else if !errors.Is(err, ErrNotPrivate) {
		t.Errorf("a linked database: %v, want ErrNotPrivate", err)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target changed mode to %o", info.Mode().Perm())
	}
}

// A database path that is a folder (or a FIFO beside it) is named as such,
// not reported by SQLite as "out of memory (14)".
func TestOpenSaysWhenTheDatabaseIsNotAPlainFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(dir); err == nil {
		db.Close()
		t.Fatal("a database that is a folder was opened")
	} else if !strings.Contains(err.Error(), "is not a plain file") {
		t.Errorf("%v, want a sentence saying it is not a plain file", err)
	}
}
