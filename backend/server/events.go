package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// clientBuffer is how many events a browser may fall behind before it is
// dropped; its EventSource reconnects and the window reloads what it shows.
const clientBuffer = 512

// keepAlive is how often an idle stream gets a comment line, so proxies
// that close quiet connections leave it open.
const keepAlive = 25 * time.Second

// Broker is the events.Emitter of `shelfsync serve`: every event the core
// emits goes to each browser listening on /api/events.
type Broker struct {
	log     *slog.Logger
	mu      sync.Mutex
	clients map[chan []byte]struct{}
}

// NewBroker returns a broker with no listener.
func NewBroker(log *slog.Logger) *Broker {
	return &Broker{log: log, clients: map[chan []byte]struct{}{}}
}

// Emit sends the event to every browser listening. A browser too far
// behind is disconnected rather than let it hold the sync up.
func (b *Broker) Emit(name string, payload any) {
	data, err := json.Marshal(payload)
	if err != nil {
		b.log.Error("encode event", "event", name, "err", err)
		return
	}
	frame := []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", name, data))
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.clients {
		select {
		case c <- frame:
		default:
			b.log.Warn("a browser fell behind the events; it will reconnect", "event", name)
			delete(b.clients, c)
			close(c)
		}
	}
}

// Listening says whether a browser listens now.
func (b *Broker) Listening() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.clients) > 0
}

func (b *Broker) subscribe() chan []byte {
	c := make(chan []byte, clientBuffer)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clients[c] = struct{}{}
	return c
}

func (b *Broker) unsubscribe(c chan []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.clients[c]; ok {
		delete(b.clients, c)
		close(c)
	}
}

// ServeHTTP streams events until the browser goes or the broker drops it.
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "this connection cannot stream events", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx would otherwise hold events back
	// Subscribed before the first line, so an event sent once the browser
	// sees the stream open reaches it.
	c := b.subscribe()
	defer b.unsubscribe(c)
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, ": open\n\n"); err != nil {
		return
	}
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case frame, open := <-c:
			if !open {
				return
			}
			if _, err := w.Write(frame); err != nil {
				return
			}
			flusher.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
