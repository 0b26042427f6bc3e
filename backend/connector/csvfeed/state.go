package csvfeed

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"shelfsync/backend/atomicfile"
	"strconv"
)

// validators are what an HTTP server said about the file we last read
// whole, so the next Smart Sync can ask "has it changed?" (a 304 answer
// saves downloading and parsing a file that did not change).
type validators struct {
	// Source is the address the validators belong to; they are ignored
	// once the user points the connection somewhere else.
	Source       string `json:"source"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
}

// statePath is DataDir/csvfeed/<connection id>.json, "" without a DataDir.
func (f *Feed) statePath() string {
	if f.cfg.DataDir == "" {
		return ""
	}
	return filepath.Join(f.cfg.DataDir, "csvfeed", strconv.FormatUint(uint64(f.cfg.ConnectionID), 10)+".json")
}

// loadValidators returns the saved validators for the current source, or
// none. A missing or damaged file only costs one full download.
func (f *Feed) loadValidators() validators {
	p := f.statePath()
	if p == "" {
		return validators{}
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return validators{}
	}
	var v validators
	if json.Unmarshal(data, &v) != nil || v.Source != f.source {
		return validators{}
	}
	return v
}

// saveValidators writes the file atomically (temp file, sync, rename) so a
// crash never leaves half a JSON document behind.
func (f *Feed) saveValidators(v validators) error {
	p := f.statePath()
	if p == "" {
		return nil
	}
	if v.ETag == "" && v.LastModified == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("forget the feed's cache validators: %w", err)
		}
		return nil
	}
	v.Source = f.source
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return atomicfile.Write(p, data, 0o600)
}
