//go:build linux

package notify

import (
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"
)

const (
	notificationsName = "org.freedesktop.Notifications"
	notificationsPath = "/org/freedesktop/Notifications"
)

// DBusSender sends notifications straight to org.freedesktop.Notifications
// on the session bus: the desktop agent's way, which has no Wails runtime
// (and so no WebKit) to send them through. Its own bus connection, since
// the tray closes the shared one when it ends.
type DBusSender struct {
	conn   *dbus.Conn
	onView func(runID uint)

	mu   sync.Mutex
	runs map[uint32]uint // notification id -> run id, for View details
}

// NewDesktopSender connects to the notification service and routes a
// View details click to onViewDetails with the run's id. It fails where no
// session bus or notification service answers.
func NewDesktopSender(onViewDetails func(runID uint)) (*DBusSender, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("start desktop notifications: %w", err)
	}
	var name, vendor, version, spec string
	if err := conn.Object(notificationsName, notificationsPath).Call(notificationsName+".GetServerInformation", 0).Store(&name, &vendor, &version, &spec); err != nil {
		conn.Close()
		return nil, ErrUnavailable
	}
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(notificationsName), dbus.WithMatchMember("ActionInvoked")); err != nil {
		conn.Close()
		return nil, fmt.Errorf("listen for the View details action: %w", err)
	}
	s := &DBusSender{conn: conn, onView: onViewDetails, runs: map[uint32]uint{}}
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	go s.listen(signals)
	return s, nil
}

func (s *DBusSender) listen(signals chan *dbus.Signal) {
	for sig := range signals {
		if sig.Name != notificationsName+".ActionInvoked" || len(sig.Body) < 2 {
			continue
		}
		id, _ := sig.Body[0].(uint32)
		action, _ := sig.Body[1].(string)
		s.mu.Lock()
		runID, ok := s.runs[id]
		s.mu.Unlock()
		if ok && action == ActionViewDetails {
			s.onView(runID)
		}
	}
}

// Send shows one notification; a run's carries the View details action.
func (s *DBusSender) Send(m Message) error {
	actions := []string{}
	if m.RunID != 0 {
		actions = []string{ActionViewDetails, "View details"}
	}
	hints := map[string]dbus.Variant{}
	var id uint32
	call := s.conn.Object(notificationsName, notificationsPath).Call(notificationsName+".Notify", 0,
		"ShelfSync", uint32(0), "", m.Title, m.Body, actions, hints, int32(-1))
	if err := call.Store(&id); err != nil {
		return fmt.Errorf("show the notification %q: %w", m.Title, err)
	}
	if m.RunID != 0 {
		s.mu.Lock()
		s.runs[id] = m.RunID
		s.mu.Unlock()
	}
	return nil
}

// Close releases the bus connection.
func (s *DBusSender) Close() { s.conn.Close() }
