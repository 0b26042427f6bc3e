//go:build windows

package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// On NTFS the mode bits mean nothing: the owner and the access control
// list say who may change a file. A folder or database is private when it
// belongs to the user (or to the Administrators group, which a program run
// as administrator gives its files) and no access entry lets anyone but
// the user, SYSTEM or the Administrators write to it.

// writeRights are the rights that let someone change a file or a folder's
// contents, or take it over.
const writeRights = windows.FILE_WRITE_DATA | windows.FILE_APPEND_DATA | fileDeleteChild |
	windows.DELETE | windows.WRITE_DAC | windows.WRITE_OWNER |
	windows.GENERIC_WRITE | windows.GENERIC_ALL

// fileDeleteChild lets the holder delete any file in a folder (winnt.h).
const fileDeleteChild = 0x40

// inheritOnlyACE marks an entry that only folders and files created inside
// inherit; it grants nothing on the object itself (winnt.h).
const inheritOnlyACE = 0x08

func checkPrivateFolder(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("check the data folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("the data folder %s is a file, not a folder; choose another with --data-dir or SHELFSYNC_DATA_DIR", dir)
	}
	who, err := otherWriter(dir)
	if err != nil {
		return fmt.Errorf("check who may change the data folder %s: %w", dir, err)
	}
	if who != "" {
		return notPrivate("%s can change the data folder %s, and could swap its database for one that sends your store's token to them; use a folder of your own (--data-dir or SHELFSYNC_DATA_DIR), or remove their access in the folder's Properties > Security, or with: icacls \"%s\" /inheritance:r /grant:r \"%%USERNAME%%:(OI)(CI)F\"", who, dir, dir)
	}
	return nil
}

// checkPrivateFile refuses a database file (or its -wal or -shm) that
// another user owns or may write to. A missing file is fine.
func checkPrivateFile(path string) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	who, err := otherWriter(path)
	if err != nil {
		return fmt.Errorf("check who may change %s: %w", path, err)
	}
	if who != "" {
		return notPrivate("%s can change the database file %s; if you did not allow that yourself, check each connection's store address, then remove their access in the file's Properties > Security, or with: icacls \"%s\" /inheritance:r /grant:r \"%%USERNAME%%:F\"", who, path, path)
	}
	return nil
}

// otherWriter names who, besides the user, SYSTEM and the Administrators,
// owns path or may write to it; "" when nobody does.
func otherWriter(path string) (string, error) {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return "", err
	}
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("find the current user: %w", err)
	}
	trusted := func(sid *windows.SID) bool {
		return sid.Equals(user.User.Sid) || sid.IsWellKnown(windows.WinLocalSystemSid) ||
			sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) || sid.IsWellKnown(windows.WinCreatorOwnerSid)
	}
	owner, _, err := sd.Owner()
	if err != nil {
		return "", fmt.Errorf("read the owner: %w", err)
	}
	if !trusted(owner) {
		return "the owner, " + accountName(owner) + ",", nil
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return "", fmt.Errorf("read the access list: %w", err)
	}
	if dacl == nil {
		return "everyone", nil // no access list at all grants everyone everything
	}
	for i := uint32(0); i < uint32(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return "", fmt.Errorf("read access entry %d: %w", i, err)
		}
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || ace.Header.AceFlags&inheritOnlyACE != 0 {
			continue
		}
		if uint32(ace.Mask)&writeRights == 0 {
			continue
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if !trusted(sid) {
			return accountName(sid), nil
		}
	}
	return "", nil
}

// accountName is DOMAIN\name when Windows knows the account, else its SID.
func accountName(sid *windows.SID) string {
	account, domain, _, err := sid.LookupAccount("")
	if err != nil {
		return sid.String()
	}
	if domain == "" {
		return account
	}
	return domain + `\` + account
}
