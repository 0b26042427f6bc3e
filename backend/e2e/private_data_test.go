package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"shelfsync/backend/storage"
)

// Another local user who can change the data folder could swap the
// database for one pointing the shop at their server: ShelfSync refuses
// such a folder and says how to fix it.
func TestCLIRefusesADataFolderOtherUsersCanChange(t *testing.T) {
	c := newCLI(t)
	if err := os.Chmod(c.dataDir, 0o777); err != nil {
		t.Fatal(err)
	}
	c.expect(t, 1, "chmod 700 "+c.dataDir, "connection", "list")
	if _, err := os.Stat(filepath.Join(c.dataDir, storage.FileName)); err == nil {
		t.Error("a database was created in the refused folder")
	}
}

func TestCLICreatesTheDatabaseReadableOnlyByTheUserInAFolderOthersCanRead(t *testing.T) {
	c := newCLI(t)
	if err := os.Chmod(c.dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	c.ok("connection", "add", "--name", "Shop", "--warehouse", "demo", "--demo-skus", "5", "--store", "demo", "--no-schedule")
	info, err := os.Stat(filepath.Join(c.dataDir, storage.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the database has mode %o, want 0600", info.Mode().Perm())
	}
}

// As root, `connection list` must not chmod whatever a secrets.json link
// points at.
func TestCLINeverChangesTheModeOfTheFileASecretsLinkPointsAt(t *testing.T) {
	c := newCLI(t)
	target := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(target, []byte("root:x:0:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(c.dataDir, "secrets.json")); err != nil {
		t.Fatal(err)
	}
	c.expect(t, 1, "is a link", "connection", "list")
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target is now %o, want it left 0644", info.Mode().Perm())
	}
}
