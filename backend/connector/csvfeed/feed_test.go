package csvfeed

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelfsync/backend/connector"
)

var _ connector.Warehouse = (*Feed)(nil)

// writeFile writes a feed file with a fixed modification time.
func writeFile(t *testing.T, path, text string, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func localFeed(t *testing.T, source, pattern string) *Feed {
	t.Helper()
	f, err := New(connector.Config{Kind: Kind, Settings: map[string]string{SettingSource: source, SettingPattern: pattern}, DataDir: t.TempDir(), ConnectionID: 1})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func gzipped(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var fileTime = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func TestLocalFileModTimeIsEachItemsChangeTime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv")
	writeFile(t, p, "sku,qty\nA,1\nB,2\n", fileTime)
	// A since after the file's time still returns everything: a CSV is the
	// whole catalogue and the planner diffs it against the baseline.
	read, err := localFeed(t, p, "").ReadItems(context.Background(), fileTime.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !read.Complete || read.NotModified || len(read.Items) != 2 {
		t.Fatalf("read %+v", read)
	}
	for _, it := range read.Items {
		if !it.UpdatedAt.Equal(fileTime) {
			t.Errorf("%s UpdatedAt %v, want file time %v", it.SKU, it.UpdatedAt, fileTime)
		}
	}
}

func TestUpdatedAtColumnWinsOverFileTime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv")
	writeFile(t, p, "sku,qty,updated_at\nA,1,2026-11-20T08:00:00Z\nB,2,\n", fileTime)
	read, err := localFeed(t, "file://"+p, "").ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, it := range read.Items {
		got[it.SKU] = it.UpdatedAt
	}
	if !got["A"].Equal(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)) || !got["B"].Equal(fileTime) {
		t.Errorf("change times %v", got)
	}
}

func TestLocalFolderReadsNewestFileMatchingPattern(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "inv_2026-11-25.csv"), "sku,qty\nA,1\n", fileTime)
	writeFile(t, filepath.Join(dir, "inv_2026-11-26.csv"), "sku,qty\nA,2\n", fileTime.Add(time.Hour))
	writeFile(t, filepath.Join(dir, "orders.csv"), "sku,qty\nA,99\n", fileTime.Add(2*time.Hour))
	res, err := localFeed(t, dir, "inv_*.csv").Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != "Read 1 SKU from inv_2026-11-26.csv" || res.Sample[0] != "A: 2" {
		t.Errorf("test result %+v", res)
	}
}

func TestLocalFolderWithoutMatchNamesWhatItHolds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "orders.csv"), "sku,qty\nA,99\n", fileTime)
	_, err := localFeed(t, dir, "inv_*.csv").ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "No file in "+dir+" matches inv_*.csv") || !strings.Contains(err.Error(), "orders.csv") {
		t.Errorf("err %v", err)
	}
}

func TestLocalMissingFileAsksToCheckThePath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.csv")
	_, err := localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err == nil || err.Error() != "The CSV file "+p+" does not exist; check the path in this connection's settings" {
		t.Errorf("err %v", err)
	}
}

func TestGzippedLocalFileIsUnpacked(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv.gz")
	if err := os.WriteFile(p, gzipped(t, "sku;qty\nA;5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 1 || read.Items[0].Qty != 5 {
		t.Fatalf("read %+v err %v", read, err)
	}
}

func TestTruncatedGzipIsRefusedWithAHint(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv.gz")
	z := gzipped(t, "sku,qty\nA,5\n")
	if err := os.WriteFile(p, z[:len(z)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "inv.csv.gz") {
		t.Errorf("err %v", err)
	}
}

func TestTestSummarisesCountSkippedRowsAndSample(t *testing.T) {
	var b strings.Builder
	b.WriteString("sku,name,qty\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "S%04d,Item %d,%d\n", i, i, i%7)
	}
	b.WriteString("BAD,x,abc\n,y,1\n")
	p := filepath.Join(t.TempDir(), "inv_2026-11-26.csv")
	writeFile(t, p, b.String(), fileTime)
	res, err := localFeed(t, p, "").Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != "Read 5,000 SKUs from inv_2026-11-26.csv (2 rows skipped)" || res.Count != 5000 {
		t.Errorf("summary %q count %d", res.Summary, res.Count)
	}
	if len(res.Sample) != 5 || res.Sample[0] != "S0000: 0 (Item 0)" {
		t.Errorf("sample %q", res.Sample)
	}
}

func TestReadItemsCarriesSkippedRowsAsProblems(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv")
	writeFile(t, p, "sku,qty\nA,1\nB,lots\n", fileTime)
	read, err := localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Problems) != 1 || read.Problems[0] != `line 3: quantity "lots" is not a whole number; row skipped` {
		t.Errorf("problems %q", read.Problems)
	}
}

func TestEmptyLocalFileFailsTheRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv")
	writeFile(t, p, "sku,qty\n", fileTime)
	_, err := localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "an empty feed is never read as 'everything is zero'") {
		t.Errorf("err %v", err)
	}
}

func TestCancelledReadStops(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv")
	writeFile(t, p, "sku,qty\nA,1\n", fileTime)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := localFeed(t, p, "").ReadItems(ctx, time.Time{}); err == nil {
		t.Error("a cancelled read succeeded")
	}
}

func TestNewRefusesSettingsItCannotUse(t *testing.T) {
	cases := []struct {
		source, pattern string
		secrets         map[string]string
		want            string
	}{
		{"", "", nil, "Enter where the CSV file is"},
		{"ftp://host/inv.csv", "", nil, "is none of these"},
		{"/data", "inv_[.csv", nil, "The file pattern \"inv_[.csv\" is not valid"},
		{"http://example.com/inv.csv", "", nil, "use https://"},
		{"http://192.168.1.4/inv.csv", "", nil, "use https://"},
		{"https://user:pw@example.com/inv.csv", "", nil, "Authorization field"},
		{"sftp://host/inv", "", map[string]string{SecretPassword: "x"}, "needs a user name"},
		{"sftp://u:pw@host/inv", "", map[string]string{SecretPassword: "x"}, "not in the address"},
		{"sftp://u@host/inv", "", nil, "Enter the SFTP password or private key"},
		{"sftp://u@host/inv", "", map[string]string{SecretPrivateKey: "not a key"}, "private key could not be read"},
	}
	for _, c := range cases {
		_, err := New(connector.Config{Settings: map[string]string{SettingSource: c.source, SettingPattern: c.pattern}, Secrets: c.secrets, DataDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("source %q pattern %q: err %v, want it to say %q", c.source, c.pattern, err, c.want)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8080/inv.csv", "http://localhost/inv.csv", "https://example.com/inv.csv", "C:\\exports\\inv.csv", "/srv/inv.csv"} {
		if _, err := New(connector.Config{Settings: map[string]string{SettingSource: ok}}); err != nil {
			t.Errorf("source %q refused: %v", ok, err)
		}
	}
}

func TestThousandsGroupsDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 5000: "5,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
