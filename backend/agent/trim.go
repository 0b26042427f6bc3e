//go:build linux

package agent

import (
	"bufio"
	"log"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"shelfsync/backend/events"
	"shelfsync/backend/types"
)

// madvPageout is MADV_PAGEOUT (Linux 5.4): reclaim these pages now.
const madvPageout = 21

// trimDelay is how long the agent waits, after start, a finished sync or
// the window closing, before it gives memory back: long enough that the
// work is over, short enough that an idle agent is small soon.
const trimDelay = 30 * time.Second

// trimmer gives the agent's idle memory back to the system: the Go heap it
// no longer uses, and the pages of program files it mapped but does not
// touch while idle. The agent is the same program as the window, so
// WebKitGTK, GTK and their dependencies are mapped in it too, and the
// dynamic loader and the first sync leave tens of MB of their pages
// resident though the agent never runs them again. MADV_PAGEOUT
// (as Android does to its cached apps) reclaims those clean, file-backed
// pages; one that is needed again is read back in from the page cache, and
// pages the window shares are left alone by the kernel.
type trimmer struct {
	events.Ignore
	kick chan struct{}
}

func newTrimmer() *trimmer {
	t := &trimmer{kick: make(chan struct{}, 1)}
	go t.loop()
	t.soon()
	return t
}

// soon asks for a trim trimDelay after the last ask.
func (t *trimmer) soon() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

// SyncFinished asks for a trim: the sync's work is over.
func (t *trimmer) SyncFinished(types.Run) { t.soon() }

func (t *trimmer) loop() {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-t.kick:
			timer.Reset(trimDelay)
		case <-timer.C:
			debug.FreeOSMemory()
			if err := pageOutFileMappings(); err != nil {
				log.Printf("agent: give idle memory back: %v", err)
			}
		}
	}
}

// pageOutFileMappings asks the kernel to reclaim the read-only file-backed
// mappings of this process (code and constants of the program and its
// libraries).
func pageOutFileMappings() error {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f..-7f.. r-xp 00000000 08:01 1234  /usr/lib/libfoo.so
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], "/") || strings.Contains(fields[1], "w") {
			continue
		}
		from, to, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(from, 16, 64)
		end, err2 := strconv.ParseUint(to, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), madvPageout); errno != 0 {
			if errno == syscall.EINVAL {
				return nil // a kernel older than 5.4: nothing to do
			}
			return errno
		}
	}
	return sc.Err()
}
