package csvfeed

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
)

// feedWith is a local feed of text with extra settings.
func feedWith(t *testing.T, name string, body []byte, settings map[string]string) *Feed {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	s := map[string]string{SettingSource: p}
	for k, v := range settings {
		s[k] = v
	}
	f, err := New(connector.Config{Kind: Kind, Settings: s, DataDir: t.TempDir(), ConnectionID: 1})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func rows(n int) string {
	var b strings.Builder
	b.WriteString("sku,qty\n")
	for i := range n {
		fmt.Fprintf(&b, "SKU-%08d,%d\n", i, i%100)
	}
	return b.String()
}

// wantLimit checks a read stopped at a limit and said which setting raises it.
func wantLimit(t *testing.T, err error, limit, setting string) {
	t.Helper()
	if !errors.Is(err, connector.ErrLimit) || !strings.Contains(err.Error(), limit) || !strings.Contains(err.Error(), setting) {
		t.Fatalf("err = %v; want the limit of %s named with the setting %s", err, limit, setting)
	}
}

// A small gzip that unpacks to more than the limit is stopped while it
// unpacks (a 3 MB gzip once unpacked into 3 GB of memory).
func TestAGzipFileStopsAtItsUnpackedLimit(t *testing.T) {
	body := gzipped(t, rows(300_000)) // 6.3 MB unpacked, about 1 MB packed
	f := feedWith(t, "inv.csv.gz", body, map[string]string{SettingMaxMB: "2"})
	_, err := f.ReadItems(context.Background(), time.Time{})
	wantLimit(t, err, "2 MB (unpacked)", SettingMaxMB)
}

// A line longer than the limit stops the read: /dev/zero or a file
// without line breaks would otherwise be held whole in memory.
func TestALineLongerThanTheLimitStopsTheRead(t *testing.T) {
	body := "sku,qty,name\nA,1,\"" + strings.Repeat("x", 2<<20) + "\"\n"
	_, err := feedWith(t, "inv.csv", []byte(body), nil).ReadItems(context.Background(), time.Time{})
	wantLimit(t, err, "1,024 KB a line", SettingMaxLineKB)

	// Raised, the same file reads.
	read, err := feedWith(t, "inv.csv", []byte(body), map[string]string{SettingMaxLineKB: "4096"}).ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 1 {
		t.Fatalf("with the limit raised: %d items, %v", len(read.Items), err)
	}
}

func TestRowsPastTheLimitStopTheRead(t *testing.T) {
	_, err := feedWith(t, "inv.csv", []byte(rows(1001)), map[string]string{SettingMaxRows: "1000"}).ReadItems(context.Background(), time.Time{})
	wantLimit(t, err, "1,000 rows", SettingMaxRows)
	read, err := feedWith(t, "inv.csv", []byte(rows(1000)), map[string]string{SettingMaxRows: "1000"}).ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 1000 {
		t.Fatalf("1,000 rows under a limit of 1,000: %d items, %v", len(read.Items), err)
	}
}

func TestALimitSettingMustBeAPositiveNumber(t *testing.T) {
	for _, bad := range []string{"0", "-5", "lots", "1.5"} {
		_, err := New(connector.Config{Kind: Kind, Settings: map[string]string{SettingSource: "/tmp/x.csv", SettingMaxRows: bad}})
		if err == nil || !strings.Contains(err.Error(), SettingMaxRows) {
			t.Errorf("maxRows %q: err %v", bad, err)
		}
	}
}

// An SFTP feed at a link-local address is refused before any byte is sent.
func TestAnSFTPFeedAtALinkLocalAddressIsRefused(t *testing.T) {
	f, err := New(connector.Config{Kind: Kind, Settings: map[string]string{SettingSource: "sftp://feeds@169.254.169.254/out"},
		Secrets: map[string]string{SecretPassword: "pw"}, DataDir: t.TempDir(), ConnectionID: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "link-local") {
		t.Fatalf("err = %v", err)
	}
}
