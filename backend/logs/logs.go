// Package logs is ShelfSync's log: JSON lines, one logger per component
// (the component's name on every line), in a size-capped file in the data
// folder that rotates, so that when a merchant writes "it didn't sync last
// night" their machine says why, and Settings > About or `shelfsync
// diagnostics` can send it. No secret is ever written: every text passes a
// Masker of the secrets the app has read.
package logs

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"shelfsync/backend/connector/redact"
)

// File names and limits: the log is at most MaxBytes, then it moves to
// shelfsync.log.1 (and .1 to .2) and a new one starts; Keep files in all.
const (
	FileName = "shelfsync.log"
	MaxBytes = 2 << 20
	Keep     = 3
)

// Dir is the log folder of a data folder.
func Dir(dataDir string) string { return filepath.Join(dataDir, "logs") }

// Logger hands out a logger per component over one output.
type Logger struct {
	handler slog.Handler
	closer  io.Closer
}

// Open starts the log of a data folder, masking what masker knows.
func Open(dataDir string, masker *Masker) (*Logger, error) {
	f, err := OpenFile(Dir(dataDir), MaxBytes, Keep)
	if err != nil {
		return nil, err
	}
	return New(f, masker, f), nil
}

// New logs JSON lines to w; closer (may be nil) is closed with the Logger.
func New(w io.Writer, masker *Masker, closer io.Closer) *Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})
	return &Logger{handler: maskingHandler{h, masker}, closer: closer}
}

// Discard is a Logger that writes nothing (tests, a command that keeps no log).
func Discard() *Logger { return &Logger{handler: slog.DiscardHandler} }

// For is the logger of one component ("engine", "scheduler", "services").
func (l *Logger) For(component string) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(l.handler).With("component", component)
}

// Close closes the file.
func (l *Logger) Close() error {
	if l == nil || l.closer == nil {
		return nil
	}
	return l.closer.Close()
}

// Masker replaces the secrets the app has read in every logged text.
type Masker struct {
	mu      sync.RWMutex
	secrets []string
	r       *redact.Redactor
}

// Add makes values secret from now on.
func (m *Masker) Add(values ...string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := false
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(m.secrets, v) {
			m.secrets, changed = append(m.secrets, v), true
		}
	}
	if changed {
		m.r = redact.New(m.secrets...)
	}
}

// Mask replaces every known secret in s.
func (m *Masker) Mask(s string) string {
	if m == nil {
		return s
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.r == nil {
		return s
	}
	return m.r.String(s)
}

// maskingHandler passes the message and every string or error attribute
// through the masker before the JSON handler sees them.
type maskingHandler struct {
	next   slog.Handler
	masker *Masker
}

func (h maskingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h maskingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.masker.Mask(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.mask(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h maskingHandler) mask(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.masker.Mask(v.String()))
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.masker.Mask(err.Error()))
		}
		return slog.String(a.Key, h.masker.Mask(fmt.Sprint(v.Any())))
	case slog.KindGroup:
		attrs := v.Group()
		masked := make([]any, len(attrs))
		for i, g := range attrs {
			masked[i] = h.mask(g)
		}
		return slog.Group(a.Key, masked...)
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (h maskingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		masked[i] = h.mask(a)
	}
	return maskingHandler{h.next.WithAttrs(masked), h.masker}
}

func (h maskingHandler) WithGroup(name string) slog.Handler {
	return maskingHandler{h.next.WithGroup(name), h.masker}
}

// Tail returns the last n lines of the log, oldest first, across the
// rotated files.
func Tail(dataDir string, n int) ([]string, error) {
	var lines []string
	for i := Keep - 1; i >= 0; i-- {
		path := filepath.Join(Dir(dataDir), FileName)
		if i > 0 {
			path += fmt.Sprintf(".%d", i)
		}
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read the log: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if len(lines) > n {
				lines = lines[len(lines)-n:]
			}
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read the log: %w", err)
		}
	}
	return lines, nil
}
