package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func corruptFiles(t *testing.T, dir string) []string {
	t.Helper()
	kept, err := filepath.Glob(filepath.Join(dir, FileName+".corrupt-*"))
	if err != nil {
		t.Fatal(err)
	}
	return kept
}

// A file that is not a database at all (overwritten, a half-copied backup):
// Open keeps it, starts an empty database that works, and says so.
func TestAnUnreadableDatabaseIsKeptAsideAndReplacedWithANotice(t *testing.T) {
	dir := t.TempDir()
	garbage := []byte(strings.Repeat("this is not a database\n", 400))
	if err := os.WriteFile(filepath.Join(dir, FileName), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir)
	if err != nil {
		t.Fatalf("Open on a damaged file: %v", err)
	}
	defer db.Close()
	kept := corruptFiles(t, dir)
	if len(kept) != 1 || !strings.Contains(db.Recovered, kept[0]) || !strings.Contains(db.Recovered, "started with an empty one") {
		t.Fatalf("kept %v, notice %q; want the file kept and named in the notice", kept, db.Recovered)
	}
	if b, _ := os.ReadFile(kept[0]); string(b) != string(garbage) {
		t.Fatal("the kept copy is not the damaged file byte for byte")
	}
	if err := db.CreateConnection(&Connection{Name: "Fresh", WarehouseKind: "demo", StoreKind: "demo"}); err != nil {
		t.Fatalf("the fresh database does not work: %v", err)
	}
}

// A database whose header was wiped (the first page zeroed by a disk
// fault): the same recovery.
func TestADatabaseWithAWipedHeaderIsKeptAsideAndReplaced(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateConnection(&Connection{Name: "Shop", WarehouseKind: "demo", StoreKind: "demo"}); err != nil {
		t.Fatal(err)
	}
	db.Gorm().Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	db.Close()
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(make([]byte, 100), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()

	again, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after the header was wiped: %v", err)
	}
	defer again.Close()
	if again.Recovered == "" || len(corruptFiles(t, dir)) != 1 {
		t.Fatalf("notice %q, kept %v; want the damaged file kept and a notice", again.Recovered, corruptFiles(t, dir))
	}
	if conns, _ := again.Connections(); len(conns) != 0 {
		t.Fatalf("the fresh database has %d connections", len(conns))
	}
}

// A healthy database is never touched, and a folder that cannot be written
// is an error, not a reason to throw data away.
func TestOnlyADamagedFileIsReplaced(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	if again.Recovered != "" || len(corruptFiles(t, dir)) != 0 {
		t.Fatalf("a healthy database was replaced: %q", again.Recovered)
	}
}
