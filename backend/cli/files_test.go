package cli

import (
	"strings"
	"testing"
)

func TestAKeyFileMustBeAPlainFile(t *testing.T) {
	if _, err := readSmallFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a plain file") {
		t.Fatalf("/dev/zero: %v", err)
	}
}
