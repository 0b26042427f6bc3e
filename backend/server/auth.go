package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum for Argon2id (19 MiB, two passes,
// one lane), about 30 ms a check, so a login costs little and a guess
// costs the same.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// PasswordHash is the only form in which the server keeps its password.
type PasswordHash struct {
	salt []byte
	hash []byte
}

// HashPassword hashes a password with Argon2id under a fresh salt.
func HashPassword(password []byte) (*PasswordHash, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	return &PasswordHash{salt: salt, hash: argon2.IDKey(password, salt, argonTime, argonMemory, argonThreads, argonKeyLen)}, nil
}

// Matches reports whether password is the one hashed, in constant time.
func (p *PasswordHash) Matches(password string) bool {
	got := argon2.IDKey([]byte(password), p.salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return subtle.ConstantTimeCompare(got, p.hash) == 1
}

// sessionLifetime is how long a login lasts.
const sessionLifetime = 7 * 24 * time.Hour

type session struct {
	csrf    string
	expires time.Time
}

// sessions are kept in memory: a restart of the server logs browsers out,
// which is the safe direction.
type sessions struct {
	now func() time.Time
	mu  sync.Mutex
	all map[string]session
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, all: map[string]session{}}
}

// create starts a session and returns its cookie value and CSRF token.
func (s *sessions) create() (id, csrf string) {
	id, csrf = randomToken(), randomToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, v := range s.all {
		if now.After(v.expires) {
			delete(s.all, k)
		}
	}
	s.all[id] = session{csrf: csrf, expires: now.Add(sessionLifetime)}
	return id, csrf
}

// lookup returns a live session's CSRF token.
func (s *sessions) lookup(id string) (csrf string, ok bool) {
	if id == "" {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.all[id]
	if !ok || s.now().After(v.expires) {
		delete(s.all, id)
		return "", false
	}
	return v.csrf, true
}

func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.all, id)
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand does not fail on the systems Go supports (Go 1.24+
		// crashes the program itself rather than return an error).
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Login attempts: after loginBurst wrong passwords from one address, one
// more try is allowed every loginRefill, so guessing is capped at a few
// hundred a day while the owner who mistyped waits under a minute.
const (
	loginBurst  = 5
	loginRefill = time.Minute
)

// loginLimiter is a token bucket of wrong passwords per client address.
type loginLimiter struct {
	now func() time.Time
	mu  sync.Mutex
	by  map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{now: now, by: map[string]*bucket{}}
}

// allow reports whether addr may try a password now, and if not, how long
// until it may.
func (l *loginLimiter) allow(addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(addr)
	if b.tokens >= 1 {
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(loginRefill))
}

// failed spends one try of addr's.
func (l *loginLimiter) failed(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(addr)
	b.tokens--
}

// refill tops addr's bucket up for the time passed; full buckets are
// forgotten so the map does not grow with every address seen.
func (l *loginLimiter) refill(addr string) *bucket {
	now := l.now()
	for k, v := range l.by {
		if k != addr && v.tokens+float64(now.Sub(v.at))/float64(loginRefill) >= loginBurst {
			delete(l.by, k)
		}
	}
	b, ok := l.by[addr]
	if !ok {
		b = &bucket{tokens: loginBurst, at: now}
		l.by[addr] = b
	}
	b.tokens += float64(now.Sub(b.at)) / float64(loginRefill)
	if b.tokens > loginBurst {
		b.tokens = loginBurst
	}
	b.at = now
	return b
}
