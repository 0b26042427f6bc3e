package notify

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"sync"

	"shelfsync/backend/types"
)

// Sender delivers one notification to the desktop.
type Sender interface {
	Send(Message) error
}

// Settings is where the policy is stored (storage.DB).
type Settings interface {
	GetSetting(key, def string) string
	SetSetting(key, value string) error
}

// Announcer tells the window that notifications are unavailable (an
// events.Listener does).
type Announcer interface {
	NotifyUnavailable(sentence string)
}

// ErrUnavailable means the desktop has no notification service.
var ErrUnavailable = errors.New("this desktop has no notification service")

// unavailableSentence is what the merchant reads, once, when notifications
// cannot be shown.
const unavailableSentence = "ShelfSync cannot show desktop notifications here (no notification service is running); sync results stay in the window and the tray menu."

// Notifier implements services.Notifier: after each finished sync it sends
// a notification if the policy wants one. Sending happens on its own
// goroutine, so a slow notification service never holds up a sync.
type Notifier struct {
	settings Settings
	emitter  Announcer
	logf     func(format string, args ...any)

	mu          sync.Mutex
	sender      Sender // nil: no notification service
	unavailable bool   // said so already
	queue       chan Message
	done        chan struct{}
	closeOnce   sync.Once
}

// NewNotifier starts a notifier. sender may be nil when the platform has
// no notification service; the first notification then says so (a log
// line and events.NotifyUnavailable) instead.
func NewNotifier(sender Sender, settings Settings, emitter Announcer) *Notifier {
	n := &Notifier{
		sender: sender, settings: settings, emitter: emitter, logf: log.Printf,
		queue: make(chan Message, 32), done: make(chan struct{}),
	}
	go n.deliver()
	return n
}

// Policy is the stored notification policy.
func (n *Notifier) Policy() Policy {
	p, err := ParsePolicy(n.settings.GetSetting(PolicySetting, string(DefaultPolicy)))
	if err != nil {
		return DefaultPolicy
	}
	return p
}

// SetPolicy stores a new policy.
func (n *Notifier) SetPolicy(s string) error {
	p, err := ParsePolicy(s)
	if err != nil {
		return err
	}
	if err := n.settings.SetSetting(PolicySetting, string(p)); err != nil {
		return errors.New("the notification setting could not be saved; check that the data folder is writable")
	}
	return nil
}

// SyncFinished sends the run's notification when the policy wants one.
func (n *Notifier) SyncFinished(conn types.Connection, run types.Run) {
	if !n.Policy().Wants(run) {
		return
	}
	n.enqueue(ForRun(conn, run))
}

// Hint sends a one-line notification that is not about a run (such as
// where the window went), whatever the policy.
func (n *Notifier) Hint(title, body string) {
	n.enqueue(Message{ID: "shelfsync-hint", Title: title, Body: body})
}

func (n *Notifier) enqueue(m Message) {
	select {
	case <-n.done:
	case n.queue <- m:
	default:
		n.logf("notify: dropped %q: too many notifications waiting", m.Title)
	}
}

// Close stops delivery; notifications still queued are dropped.
func (n *Notifier) Close() {
	n.closeOnce.Do(func() { close(n.done) })
}

func (n *Notifier) deliver() {
	for {
		select {
		case <-n.done:
			return
		case m := <-n.queue:
			n.send(m)
		}
	}
}

func (n *Notifier) send(m Message) {
	n.mu.Lock()
	sender := n.sender
	n.mu.Unlock()
	err := ErrUnavailable
	if sender != nil {
		err = sender.Send(m)
	}
	if err == nil {
		return
	}
	n.mu.Lock()
	first := !n.unavailable
	n.unavailable = true
	n.mu.Unlock()
	if first {
		n.logf("notify: %v", err)
		n.emitter.NotifyUnavailable(unavailableSentence)
	}
}

// Nop is the notifier of a process without a desktop: it tells no one.
type Nop struct{}

// SyncFinished does nothing.
func (Nop) SyncFinished(types.Connection, types.Run) {}

// SetSender sets how notifications reach the desktop, once the window's
// runtime exists; nil means there is no notification service.
func (n *Notifier) SetSender(s Sender) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sender = s
}

// SetLogger sends the notifier's troubles (a notification dropped or
// refused) to the app's log rather than the standard error. Call it while
// wiring, before the notifier is used.
func (n *Notifier) SetLogger(l *slog.Logger) {
	n.logf = func(format string, args ...any) { l.Warn(fmt.Sprintf(format, args...)) }
}
