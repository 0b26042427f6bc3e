//go:build linux

package agent

import (
	"encoding/json"
	"log"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"shelfsync/backend/desktop"
	"shelfsync/backend/events"
	"shelfsync/backend/notify"
	"shelfsync/backend/types"
)

// windowProcess is the open window: the program in its window role.
type windowProcess struct {
	cmd    *exec.Cmd
	exited chan struct{}
	stream *subscriber // nil until the window has connected
}

// openWindow starts the window, or brings the open one forward; with a
// run id, the window shows that run.
func (a *agent) openWindow(runID uint) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.quitting {
		return
	}
	if w := a.window; w != nil {
		if w.stream != nil {
			w.stream.send(ShowCommand, nil)
			if runID != 0 {
				w.stream.ShowRun(runID)
			}
		}
		return
	}
	args := []string{desktop.WindowFlag, "--data-dir", a.opts.DataDir}
	if a.opts.Launcher != "" {
		args = append(args, desktop.LauncherFlag+"="+a.opts.Launcher)
	}
	if runID != 0 {
		args = append(args, desktop.ShowRunFlag+"="+strconv.FormatUint(uint64(runID), 10))
	}
	cmd := exec.Command(a.opts.Exe, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	// The dynamic loader's search order for the window and WebKit's
	// processes, which start with its environment.
	cmd.Env = desktop.WindowEnvironment(nil)
	if err := cmd.Start(); err != nil {
		log.Printf("open the window: %v", err)
		return
	}
	w := &windowProcess{cmd: cmd, exited: make(chan struct{})}
	a.window = w
	go a.reap(w)
}

// reap waits for the window to end; the first time the merchant closes
// it, a notification says ShelfSync goes on in the tray.
func (a *agent) reap(w *windowProcess) {
	if err := w.cmd.Wait(); err != nil {
		log.Printf("the window ended: %v", err)
	}
	close(w.exited)
	a.mu.Lock()
	if a.window == w {
		a.window = nil
	}
	quitting, notifier, prefs := a.quitting, a.notifier, a.prefs
	a.mu.Unlock()
	if a.trim != nil {
		a.trim.soon() // the pages the window shared are the agent's alone now
	}
	if !quitting && notifier != nil {
		// Said once: the first close ever. (Where no tray shows, the
		// window minimises instead and says so itself.)
		if _, title, body := notify.OnClose(true, !prefs.FirstHide()); title != "" {
			notifier.Hint(title, body)
		}
	}
}

// attachWindow makes conn the open window's event stream.
func (a *agent) attachWindow(conn net.Conn) {
	s := newSubscriber(conn)
	a.mu.Lock()
	if a.window != nil {
		a.window.stream = s
	}
	a.mu.Unlock()
	a.fan.add(s.listener)
	<-s.done
	a.fan.remove(s.listener)
}

// closeWindow asks the window to close and waits for it a little.
func (a *agent) closeWindow() {
	a.mu.Lock()
	w := a.window
	a.mu.Unlock()
	if w == nil {
		return
	}
	if w.stream != nil {
		w.stream.send(QuitCommand, nil)
	}
	select {
	case <-w.exited:
	case <-time.After(5 * time.Second):
		_ = w.cmd.Process.Kill() // it would not close; it is ending anyway
		<-w.exited
	}
}

// subscriber writes events to one window as JSON lines.
type subscriber struct {
	// listener hears the agent's events and writes them by name.
	listener events.Listener
	conn     net.Conn
	queue    chan streamed
	done     chan struct{}
	once     sync.Once
}

func newSubscriber(conn net.Conn) *subscriber {
	s := &subscriber{conn: conn, queue: make(chan streamed, 256), done: make(chan struct{})}
	s.listener = &byName{ByName: events.ByName{Emit: s.send}}
	go s.write()
	return s
}

func (s *subscriber) write() {
	enc := json.NewEncoder(s.conn)
	for {
		select {
		case <-s.done:
			return
		case m := <-s.queue:
			if err := enc.Encode(m); err != nil {
				s.stop()
				return
			}
		}
	}
}

func (s *subscriber) stop() {
	s.once.Do(func() {
		close(s.done)
		s.conn.Close()
	})
}

// ShowRun asks the window to open a run.
func (s *subscriber) ShowRun(runID uint) { s.listener.ShowRun(runID) }

// byName is events.ByName behind a pointer, so the fan-out can find it
// again to remove it.
type byName struct{ events.ByName }

// send queues an event for the window; a window too far behind loses
// progress events rather than holding up a sync.
func (s *subscriber) send(name string, payload any) {
	var raw json.RawMessage
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			log.Printf("agent: event %s: %v", name, err)
			return
		}
		raw = b
	}
	select {
	case <-s.done:
	case s.queue <- streamed{Name: name, Payload: raw}:
	default:
		log.Printf("agent: the window is behind; dropped %s", name)
	}
}

// fanout sends the core's events to the tray and the window, whose
// stream comes and goes.
type fanout struct {
	mu   sync.RWMutex
	subs []events.Listener
}

func (f *fanout) add(l events.Listener) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = append(f.subs, l)
}

func (f *fanout) remove(l events.Listener) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range f.subs {
		if s == l {
			f.subs = append(f.subs[:i:i], f.subs[i+1:]...)
			return
		}
	}
}

func (f *fanout) list() events.List {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return append(events.List(nil), f.subs...)
}

func (f *fanout) SyncStarted(p types.RunStarted)          { f.list().SyncStarted(p) }
func (f *fanout) SyncProgress(p types.Progress)           { f.list().SyncProgress(p) }
func (f *fanout) SyncFinished(r types.Run)                { f.list().SyncFinished(r) }
func (f *fanout) ScheduleChanged(p types.ScheduleChanged) { f.list().ScheduleChanged(p) }
func (f *fanout) ConnectionsChanged()                     { f.list().ConnectionsChanged() }
func (f *fanout) ShowRun(runID uint)                      { f.list().ShowRun(runID) }
func (f *fanout) NotifyUnavailable(sentence string)       { f.list().NotifyUnavailable(sentence) }
