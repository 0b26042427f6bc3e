package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// Names the frontend's HTTP transport (frontend/src/bridge/transport.ts)
// shares with this file.
const (
	sessionCookie = "shelfsync_session"
	csrfHeader    = "X-ShelfSync-CSRF"
)

// maxCallBody bounds one call's arguments (a mapping CSV is the largest).
const maxCallBody = 64 << 20

// Config is what a Server serves and how it guards it.
type Config struct {
	// Bound are the objects Wails binds in the window (see Endpoints).
	Bound []any
	// Events stream to browsers at /api/events.
	Events *Broker
	// Frontend is the built frontend, index.html at its root.
	Frontend fs.FS
	// Password is nil only for a loopback server without one.
	Password *PasswordHash
	// LoopbackOnly: the server listens on loopback only, so it answers only
	// to loopback Host names (DNS rebinding).
	LoopbackOnly bool
	// PublicHosts are the host[:port] names a reverse proxy serves us
	// under (--public-url).
	PublicHosts []string
	// Now is the clock of sessions and the login limiter; nil is time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// Server answers the browser: the frontend, the login, one endpoint per
// bound method and the event stream.
type Server struct {
	cfg       Config
	endpoints map[string]Endpoint
	sessions  *sessions
	limiter   *loginLimiter
	// checking bounds the password checks running at once: each takes
	// Argon2id's 19 MiB, and guesses from many addresses at once must not
	// take the server's memory.
	checking chan struct{}
	hosts    hostPolicy
	mux      *http.ServeMux
}

// New builds the server; it fails only when a bound object cannot be
// exposed (a programming error).
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	list, err := Endpoints(cfg.Bound...)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:       cfg,
		endpoints: map[string]Endpoint{},
		sessions:  newSessions(cfg.Now),
		limiter:   newLoginLimiter(cfg.Now),
		checking:  make(chan struct{}, 2),
		hosts:     hostPolicy{loopbackOnly: cfg.LoopbackOnly, publicHosts: cfg.PublicHosts},
		mux:       http.NewServeMux(),
	}
	for _, e := range list {
		s.endpoints[e.Path()] = e
	}
	s.mux.HandleFunc("GET /login", s.loginPage)
	s.mux.HandleFunc("POST /login", s.login)
	s.mux.HandleFunc("POST /api/logout", s.logout)
	s.mux.HandleFunc("GET /api/session", s.session)
	s.mux.Handle("GET /api/events", s.requireSession(cfg.Events))
	s.mux.Handle("POST /api/", s.requireSession(http.HandlerFunc(s.call)))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/"):
			writeError(w, http.StatusNotFound, "There is no such ShelfSync call.")
		case isRead(r):
			s.static(w, r)
		default:
			writeError(w, http.StatusMethodNotAllowed, "ShelfSync's pages can only be read.")
		}
	})
	return s, nil
}

// ServeHTTP checks Host and Origin before anything else answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// Not no-referrer: under it browsers send "Origin: null" on a form
	// POST, which the origin check must refuse.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	// Naive UI writes its styles at run time, hence 'unsafe-inline' for
	// styles; scripts come only from the embedded files.
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	if status, sentence := s.hosts.checkRequest(r); status != 0 {
		s.cfg.Log.Warn("refused a request", "method", r.Method, "path", r.URL.Path, "host", r.Host, "origin", r.Header.Get("Origin"), "status", status)
		writeError(w, status, sentence)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// currentSession returns the request's session's CSRF token.
func (s *Server) currentSession(r *http.Request) (id, csrf string, ok bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", "", false
	}
	csrf, ok = s.sessions.lookup(c.Value)
	return c.Value, csrf, ok
}

// requireSession lets a request through with a live session, and a write
// only with the session's CSRF token in its header as well.
func (s *Server) requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, csrf, ok := s.currentSession(r)
		if !ok {
			writeError(w, http.StatusUnauthorized, "Log in to ShelfSync again.")
			return
		}
		if !isRead(r) && !tokensEqual(r.Header.Get(csrfHeader), csrf) {
			writeError(w, http.StatusForbidden, "This page is out of date; reload it and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// session tells the page its CSRF token. Without a password (loopback
// only) the first visit gets a session here; the Host and Sec-Fetch-Site
// checks keep other sites from reading it.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	_, csrf, ok := s.currentSession(r)
	if !ok && s.cfg.Password == nil {
		var id string
		id, csrf = s.sessions.create()
		s.setCookie(w, r, id, sessionLifetime)
		ok = true
	}
	if !ok {
		writeError(w, http.StatusUnauthorized, "Log in to ShelfSync.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"csrfToken": csrf, "passwordRequired": s.cfg.Password != nil})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	id, csrf, ok := s.currentSession(r)
	if ok && !tokensEqual(r.Header.Get(csrfHeader), csrf) {
		writeError(w, http.StatusForbidden, "This page is out of date; reload it and try again.")
		return
	}
	if ok {
		s.sessions.end(id)
	}
	s.setCookie(w, r, "", -1)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    value,
		Path:     "/",
		MaxAge:   int(maxAge.Seconds()),
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
		// Behind a proxy that terminates TLS the browser still speaks
		// https, and the cookie may say so.
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
	})
}

// call runs one bound method: the body is the JSON array of its
// arguments, the answer its JSON value, an error {"error": sentence}.
func (s *Server) call(w http.ResponseWriter, r *http.Request) {
	e, ok := s.endpoints[r.URL.Path]
	if !ok {
		writeError(w, http.StatusNotFound, "There is no such ShelfSync call; reload the page (ShelfSync may have been updated).")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "That is too much to send at once.")
		return
	}
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Log.Error("a call panicked", "call", e.Name, "panic", p)
			writeError(w, http.StatusInternalServerError, "ShelfSync hit an internal error; the log has the details.")
		}
	}()
	result, err := e.Call(body)
	switch {
	case errors.Is(err, ErrArguments):
		s.cfg.Log.Warn("a call's arguments did not fit", "call", e.Name, "err", err)
		writeError(w, http.StatusBadRequest, "ShelfSync could not read that request; reload the page.")
	case err != nil:
		// The same text Wails gives the window (its ErrorFormatter).
		writeError(w, http.StatusUnprocessableEntity, err.Error())
	default:
		writeJSON(w, http.StatusOK, result)
	}
}

// static serves the embedded frontend. A page load without a session goes
// to the login page first when a password is set.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	if info, err := fs.Stat(s.cfg.Frontend, name); err != nil || info.IsDir() {
		name = "index.html" // the window's own routes; no folder listings
	}
	if name == "index.html" {
		if _, _, ok := s.currentSession(r); !ok && s.cfg.Password != nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
	}
	http.ServeFileFS(w, r, s.cfg.Frontend, name)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, fmt.Sprintf("ShelfSync could not encode its answer: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b) // the browser went away; nothing to tell it
}

func writeError(w http.ResponseWriter, status int, sentence string) {
	b, _ := json.Marshal(map[string]string{"error": sentence}) // a map of strings always encodes
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b) // the browser went away; nothing to tell it
}

// clientAddr is the address login attempts are counted by. Behind a
// reverse proxy every browser shares the proxy's, which makes the limit
// global: slower for the owner after someone guesses, never weaker.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
