// Package redact removes a connection's secrets from text a server or a
// feed may have echoed them into (an error body, a GraphQL message, a bad
// CSV line), before that text is stored, logged or printed.
//
// A server sees a secret in the forms ShelfSync sends it: as is (a Shopify
// or ShipBob token, a feed's Authorization value), inside an Authorization
// header's Basic or Bearer value, and as the base64 of "key:secret"
// (WooCommerce). It may quote it back JSON- or URL-escaped. Every such form
// of every secret of the connection is replaced.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"shelfsync/backend/plain"
	"sort"
	"strings"
)

// Mask replaces a secret in text.
const Mask = "[redacted]"

// MinSecretLength is the shortest value treated as a secret: shorter ones
// would garble ordinary words of a message and are no credential anyway.
const MinSecretLength = 6

// MaxErrorText caps one error or warning taken from a server or a feed: a
// server's 64 KB error body is not a sentence, and a long one may carry
// what no redaction knows about.
const MaxErrorText = 1000

// Redactor replaces a fixed set of secrets. The zero value and a nil
// Redactor replace nothing but still cap text.
type Redactor struct {
	needles []string // longest first, so a longer form wins over its part
}

// New builds a Redactor for the secrets of one connection.
func New(secrets ...string) *Redactor {
	seen := map[string]bool{}
	add := func(s string) {
		if len(s) >= MinSecretLength {
			seen[s] = true
		}
	}
	var values []string
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if len(s) < MinSecretLength {
			continue
		}
		values = append(values, s)
		// A header value: its credential part, and a Basic value decoded.
		if scheme, cred, ok := strings.Cut(s, " "); ok {
			cred = strings.TrimSpace(cred)
			values = append(values, cred)
			if strings.EqualFold(scheme, "basic") {
				if raw, err := base64.StdEncoding.DecodeString(cred); err == nil {
					values = append(values, string(raw))
					if _, pass, ok := strings.Cut(string(raw), ":"); ok {
						values = append(values, pass)
					}
				}
			}
		}
	}
	// Basic authentication sends "user:password" in base64 (WooCommerce's
	// key:secret): every ordered pair of the connection's secrets.
	forms := append([]string(nil), values...)
	for _, a := range values {
		for _, b := range values {
			if a != b {
				forms = append(forms, a+":"+b)
			}
		}
	}
	for _, f := range forms {
		add(f)
		add(base64.StdEncoding.EncodeToString([]byte(f)))
		add(base64.RawStdEncoding.EncodeToString([]byte(f)))
		add(base64.URLEncoding.EncodeToString([]byte(f)))
		add(base64.RawURLEncoding.EncodeToString([]byte(f)))
		add(url.QueryEscape(f))
		add(url.PathEscape(f))
		if b, err := json.Marshal(f); err == nil {
			quoted := string(b[1 : len(b)-1])
			add(quoted)
			add(strings.ReplaceAll(quoted, "/", `\/`)) // PHP's json_encode (WordPress)
		}
	}
	r := &Redactor{}
	for s := range seen {
		r.needles = append(r.needles, s)
	}
	sort.Slice(r.needles, func(i, j int) bool {
		if len(r.needles[i]) != len(r.needles[j]) {
			return len(r.needles[i]) > len(r.needles[j])
		}
		return r.needles[i] < r.needles[j]
	})
	return r
}

// String returns text with every known secret masked, cut to MaxErrorText.
func (r *Redactor) String(text string) string {
	if r != nil && len(r.needles) > 0 {
		for _, n := range r.needles {
			if strings.Contains(text, n) {
				text = strings.ReplaceAll(text, n, Mask)
			}
		}
		text = base64Run.ReplaceAllStringFunc(text, r.maskEncoded)
		text = r.maskCutPrefixes(text)
	}
	return Cap(text, MaxErrorText)
}

// minCutPrefix is the shortest start of a secret masked where a message
// cut it short ("quantity \"Bearer abcdef…\" is not a whole number"):
// the start of a token gives away most of it.
const minCutPrefix = 8

// maskCutPrefixes masks the start of a secret that runs up to a "…",
// the mark ShelfSync's messages leave where they cut a quoted value.
func (r *Redactor) maskCutPrefixes(text string) string {
	const cut = "…"
	var b strings.Builder
	rest := text
	for {
		i := strings.Index(rest, cut)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		before := rest[:i]
		longest := 0
		for _, n := range r.needles {
			for k := min(len(n)-1, len(before)); k >= minCutPrefix && k > longest; k-- {
				if strings.HasSuffix(before, n[:k]) {
					longest = k
					break
				}
			}
		}
		if longest > 0 {
			before = before[:len(before)-longest] + Mask
		}
		b.WriteString(before + cut)
		rest = rest[i+len(cut):]
	}
}

// base64Run is a run of text that may be base64 of something longer than
// a secret: the base64 of a secret with other bytes around it (a whole
// header quoted back encoded) shares no fixed substring with the secret's
// own base64, so such runs are decoded and searched.
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{8,}={0,2}`)

func (r *Redactor) maskEncoded(run string) string {
	trimmed := strings.TrimRight(run, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		// A run may start mid-way through the encoding: try each alignment.
		for skip := 0; skip < 4 && skip < len(trimmed); skip++ {
			body := trimmed[skip:]
			if len(body)%4 == 1 { // not a whole encoding: drop the stray character
				body = body[:len(body)-1]
			}
			raw, err := enc.DecodeString(body)
			if err != nil {
				continue
			}
			for _, n := range r.needles {
				if strings.Contains(string(raw), n) {
					return Mask
				}
			}
		}
	}
	return run
}

// Strings redacts each of a list in place and returns it.
func (r *Redactor) Strings(list []string) []string {
	for i, s := range list {
		list[i] = r.String(s)
	}
	return list
}

// Error returns err with its message redacted. The result still matches
// errors.Is and errors.As against what err wrapped, so callers can tell a
// refused credential from an unreachable platform.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := r.String(msg)
	var phrased plain.Sentencer
	if errors.As(err, &phrased) {
		said := phrased.UserSentence()
		if cleanSaid := r.String(said); clean != msg || cleanSaid != said {
			return &redactedSentenceError{redactedError{msg: clean, cause: err}, cleanSaid}
		}
	}
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, cause: err}
}

type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }

// redactedSentenceError also redacts the sentence the user reads, which
// plain.Sentence takes from here rather than from the cause.
type redactedSentenceError struct {
	redactedError
	sentence string
}

// UserSentence is the redacted user sentence (plain.Sentencer).
func (e *redactedSentenceError) UserSentence() string { return e.sentence }

// Unwrap keeps sentinel checks working. A caller that unwraps and prints
// the cause would print the secret: print only Error().
func (e *redactedError) Unwrap() error { return e.cause }

// Cap cuts text to at most limit bytes on a rune boundary, saying it did.
func Cap(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	const more = " … (cut)"
	cut := limit - len(more)
	for cut > 0 && !utf8RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + more
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
