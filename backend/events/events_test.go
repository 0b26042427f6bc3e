package events

import (
	"testing"

	"shelfsync/backend/types"
)

func TestEveryListenerOnTheListHearsEachEventUnderItsName(t *testing.T) {
	window, tray := NewRecorder(), NewRecorder()
	var l Listener = List{window, tray}
	l.SyncStarted(types.RunStarted{RunID: 7})
	l.SyncFinished(types.Run{RunID: 7})
	l.ConnectionsChanged()
	l.NotifyUnavailable("no notifications here")
	for _, r := range []*Recorder{window, tray} {
		if got := r.Named(SyncFinished); len(got) != 1 || got[0].Payload.(types.Run).RunID != 7 {
			t.Fatalf("sync:finished = %+v", got)
		}
		if len(r.Named(SyncStarted)) != 1 || len(r.Named(ConnectionsChanged)) != 1 || r.Named(NotifyUnavailable)[0].Payload != "no notifications here" {
			t.Fatalf("events heard: %+v", r.events)
		}
	}
}
