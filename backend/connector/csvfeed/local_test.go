//go:build unix

package csvfeed

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe or a device is refused at once: opening a pipe blocked
// until a writer came, and /dev/zero was read for gigabytes.
func TestOnlyAPlainFileIsReadAsALocalFeed(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "inv.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for path, what := range map[string]string{fifo: "a named pipe", "/dev/zero": "a device"} {
		done := make(chan error, 1)
		go func() {
			_, err := localFeed(t, path, "").ReadItems(context.Background(), time.Time{})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), what) {
				t.Errorf("%s: err %v, want it called %s", path, err, what)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("reading %s did not return", path)
		}
	}
}

// An export rewriting the file while it is read is caught: the file is
// read once more, and a file that keeps changing fails the read rather
// than sync half of it (SKU095 was pushed as 1 instead of 150).
func TestAFileRewrittenWhileReadIsReadAgainOrRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inv.csv")
	writeFile(t, p, "sku,qty\nSKU094,7\nSKU095,1", fileTime) // half written
	rewrites := 0
	rewrite := func(path string) {
		rewrites++
		writeFile(t, path, "sku,qty\nSKU094,7\nSKU095,150\n", fileTime.Add(time.Duration(rewrites)*time.Second))
	}

	afterOpen = func(path string) {
		if rewrites == 0 {
			rewrite(path)
		}
	}
	t.Cleanup(func() { afterOpen = nil })
	read, err := localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err != nil || len(read.Items) != 2 || read.Items[1].Qty != 150 {
		t.Fatalf("after one rewrite: %+v, %v; want the finished file read again", read.Items, err)
	}

	afterOpen = rewrite // an export that never settles
	_, err = localFeed(t, p, "").ReadItems(context.Background(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "changed while ShelfSync read it") {
		t.Fatalf("err = %v; want the read refused", err)
	}
	if _, statErr := os.Stat(p); statErr != nil {
		t.Fatal(statErr)
	}
}
