//go:build linux

package agent

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssFileKB is this process's resident file-backed memory.
func rssFileKB(t *testing.T) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "RssFile:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

func TestPageOutGivesBackTheProgramsResidentFilePages(t *testing.T) {
	before := rssFileKB(t)
	if err := pageOutFileMappings(); err != nil {
		t.Fatal(err)
	}
	after := rssFileKB(t)
	t.Logf("resident file pages: %d kB before, %d kB after", before, after)
	// Pages other processes map too (the C library) stay.
	if after > before*9/10 {
		t.Fatalf("resident file pages went from %d kB only to %d kB", before, after)
	}
}
