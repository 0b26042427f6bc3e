package logs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTheLogRotatesAtItsCapAndKeepsItsNewestFiles(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(Dir(dir), 1000, 3)
	if err != nil {
		t.Fatal(err)
	}
	log := New(f, nil, f).For("test")
	for i := range 200 {
		log.Info("line", "n", i)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, e := range entries {
		info, _ := e.Info()
		total += info.Size()
		if info.Size() > 1000 {
			t.Errorf("%s is %d bytes, over the 1,000 cap", e.Name(), info.Size())
		}
	}
	if len(entries) != 3 || total > 3000 {
		t.Fatalf("%d files, %d bytes; want 3 files within the cap", len(entries), total)
	}
	lines, err := Tail(dir, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 5 || !strings.Contains(lines[4], `"n":199`) || !strings.Contains(lines[0], `"component":"test"`) {
		t.Fatalf("tail = %q; want the 5 newest lines, the last n=199", lines)
	}
}

func TestNoSecretTheMaskerKnowsReachesTheLog(t *testing.T) {
	dir := t.TempDir()
	masker := &Masker{}
	l, err := Open(dir, masker)
	if err != nil {
		t.Fatal(err)
	}
	masker.Add("shpat_0123456789abcdef")
	log := l.For("engine")
	log.Warn("push refused for token shpat_0123456789abcdef", "error", errors.New(`401 {"token":"shpat_0123456789abcdef"}`),
		"header", "Bearer shpat_0123456789abcdef")
	log.With("echo", "shpat_0123456789abcdef").Info("again")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(Dir(dir), FileName))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "0123456789abcdef") || !strings.Contains(string(b), "[redacted]") {
		t.Fatalf("the log holds the secret or no mask:\n%s", b)
	}
}
