package server

import (
	"crypto/subtle"
	"fmt"
	"html/template"
	"net/http"
	"time"
)

// loginTemplate is the one page the server writes itself: a plain form,
// no script, so it works before the frontend's bridge has a session.
var loginTemplate = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · ShelfSync</title>
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#101014;color:#e8e8ea;font:15px/1.5 system-ui,sans-serif}
form{width:320px;padding:28px;border-radius:10px;background:#18181c;box-shadow:0 4px 24px #0006}
h1{margin:0 0 16px;font-size:20px}
label{display:block;margin-bottom:6px}
input{box-sizing:border-box;width:100%;padding:8px 10px;border-radius:6px;border:1px solid #3a3a40;background:#101014;color:inherit;font:inherit}
button{margin-top:16px;width:100%;padding:9px;border:0;border-radius:6px;background:#63e2b7;color:#101014;font:inherit;font-weight:600;cursor:pointer}
p.error{color:#e88080;margin:12px 0 0}
</style></head>
<body><form method="post" action="/login">
<h1>ShelfSync</h1>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" autofocus required>
<button type="submit">Log in</button>
{{if .}}<p class="error" role="alert">{{.}}</p>{{end}}
</form></body></html>
`))

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Password == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.renderLogin(w, http.StatusOK, "")
}

func (s *Server) renderLogin(w http.ResponseWriter, status int, sentence string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := loginTemplate.Execute(w, sentence); err != nil {
		s.cfg.Log.Warn("write the login page", "err", err)
	}
}

// login checks the password (at most loginBurst wrong ones from one
// address, then one a minute), and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Password == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	addr := clientAddr(r)
	if ok, wait := s.limiter.allow(addr); !ok {
		seconds := int(wait.Round(time.Second).Seconds()) + 1
		w.Header().Set("Retry-After", fmt.Sprint(seconds))
		s.cfg.Log.Warn("login refused: too many wrong passwords", "addr", addr)
		s.renderLogin(w, http.StatusTooManyRequests, fmt.Sprintf("Too many wrong passwords. Try again in %d seconds.", seconds))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	password := r.PostFormValue("password")
	select {
	case s.checking <- struct{}{}:
	case <-r.Context().Done():
		return
	}
	matches := s.cfg.Password.Matches(password)
	<-s.checking
	if !matches {
		s.limiter.failed(addr)
		s.cfg.Log.Warn("login failed: wrong password", "addr", addr)
		s.renderLogin(w, http.StatusUnauthorized, "That password is not right. Check it and try again.")
		return
	}
	id, _ := s.sessions.create()
	s.setCookie(w, r, id, sessionLifetime)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// tokensEqual compares a presented token with the expected one in constant
// time; an empty token never matches.
func tokensEqual(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
