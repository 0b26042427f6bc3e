package csvfeed

import (
	"encoding/json"
)

// validators are what an HTTP server said about the file we last read
// whole, so the next Smart Sync can ask "has it changed?" (a 304 answer
// saves downloading and parsing a file that did not change).
//
// The feed never saves them itself: ReadItems returns them as the read's
// State and the engine records that with the run's quantities, in one
// transaction, handing it back as Config.ReadState. A preview, a failed
// run or a killed one records nothing, so the next sync downloads the file
// again instead of trusting a 304 about quantities never recorded.
type validators struct {
	// Source is the address the validators belong to; they are ignored
	// once the user points the connection somewhere else.
	Source       string `json:"source"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
}

// loadValidators returns the recorded validators for the current source,
// or none. Damaged state only costs one full download.
func (f *Feed) loadValidators() validators {
	if f.cfg.ReadState == "" {
		return validators{}
	}
	var v validators
	if json.Unmarshal([]byte(f.cfg.ReadState), &v) != nil || v.Source != f.source {
		return validators{}
	}
	return v
}

// readState words validators as the state to record with a read; "" when
// the server sent none (the next read downloads the file whole).
func (f *Feed) readState(v *validators) string {
	if v == nil || (v.ETag == "" && v.LastModified == "") {
		return ""
	}
	v.Source = f.source
	data, err := json.Marshal(v)
	if err != nil {
		return "" // three strings always marshal; without state the next read is whole
	}
	return string(data)
}
