//go:build windows

package storage

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sys/windows"
)

// grantEveryoneWrite adds an entry letting Everyone change path, on top of
// the access list it inherited.
func grantEveryoneWrite(t *testing.T, path string) {
	t.Helper()
	everyone, err := windows.CreateWellKnownSid(windows.WinWorldSid)
	if err != nil {
		t.Fatal(err)
	}
	var pin runtime.Pinner
	pin.Pin(everyone)
	defer pin.Unpin()
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	current, _, err := sd.DACL()
	if err != nil {
		t.Fatal(err)
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: windows.GENERIC_WRITE,
		AccessMode:        windows.GRANT_ACCESS,
		Inheritance:       windows.NO_INHERITANCE,
		Trustee: windows.TRUSTEE{
			TrusteeForm:  windows.TRUSTEE_IS_SID,
			TrusteeType:  windows.TRUSTEE_IS_WELL_KNOWN_GROUP,
			TrusteeValue: windows.TrusteeValueFromSID(everyone),
		},
	}}, current)
	if err != nil {
		t.Fatal(err)
	}
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION, nil, nil, acl, nil); err != nil {
		t.Fatal(err)
	}
}

func TestOpenUsesADataFolderOnlyTheUserCanChange(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "Shelf Sync ü"))
	if err != nil {
		t.Fatalf("a fresh folder under the user's temp folder was refused: %v", err)
	}
	db.Close()
}

func TestOpenRefusesADataFolderEveryoneCanChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	grantEveryoneWrite(t, dir)
	if db, err := Open(dir); err == nil {
		db.Close()
		t.Fatal("a data folder Everyone may write to was used")
	} else if !errors.Is(err, ErrNotPrivate) {
		t.Errorf("%v, want ErrNotPrivate", err)
	}
}

func TestOpenRefusesADatabaseEveryoneCanChange(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	grantEveryoneWrite(t, filepath.Join(dir, FileName))
	if db, err := Open(dir); err == nil {
		db.Close()
		t.Fatal("a database Everyone may write to was used")
	} else if !errors.Is(err, ErrNotPrivate) {
		t.Errorf("%v, want ErrNotPrivate", err)
	}
}
