package redact

import (
	"encoding/base64"
	"errors"
	"fmt"
	"shelfsync/backend/plain"
	"strings"
	"testing"
)

func TestEveryFormOfASecretIsMasked(t *testing.T) {
	const key, secret = "ck_0123456789", "cs_abcdef/+=xyz"
	r := New(key, secret, "Bearer feedtoken99", "short")
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":" + secret))
	for _, form := range []string{
		key, secret, basic, "feedtoken99", "Bearer feedtoken99",
		base64.StdEncoding.EncodeToString([]byte("Bearer feedtoken99")),
		"cs_abcdef%2F%2B%3Dxyz", // URL-escaped
		`cs_abcdef\/+=xyz`,      // JSON-escaped the PHP way
	} {
		got := r.String("the server said: " + form + ".")
		if strings.Contains(got, form) || !strings.Contains(got, Mask) {
			t.Errorf("%q came out as %q", form, got)
		}
	}
	wrapped := base64.StdEncoding.EncodeToString([]byte("you sent: Basic " + basic + " at noon"))
	if got := r.String("echo " + wrapped + "."); got != "echo "+Mask+"." {
		t.Errorf("the base64 of a header quoting the secret came out as %q", got)
	}
	if got := r.String("a short word"); got != "a short word" {
		t.Errorf("a value shorter than %d bytes was masked: %q", MinSecretLength, got)
	}
}

func TestARedactedErrorKeepsItsSentinel(t *testing.T) {
	sentinel := errors.New("credentials refused")
	err := New("tok_123456789").Error(fmt.Errorf("refused tok_123456789: %w", sentinel))
	if !errors.Is(err, sentinel) {
		t.Fatal("the sentinel was lost")
	}
	if strings.Contains(err.Error(), "tok_123456789") {
		t.Fatalf("not masked: %v", err)
	}
}

func TestLongTextIsCutOnARuneBoundary(t *testing.T) {
	got := (*Redactor)(nil).String(strings.Repeat("é", MaxErrorText))
	if len(got) > MaxErrorText || !strings.HasSuffix(got, "(cut)") || !strings.HasPrefix(got, "éé") {
		t.Fatalf("cut to %d bytes: %q…", len(got), got[:10])
	}
	if strings.ContainsRune(got, '\uFFFD') {
		t.Fatal("a rune was split")
	}
}

// A message that cut a quoted value short still masks the secret's start.
func TestTheStartOfASecretCutShortIsMasked(t *testing.T) {
	r := New("Bearer feedtoken_0123456789abcdefghijklmnopqrstuvwxyz")
	got := r.String(`line 3: quantity "feedtoken_0123456789abcdefghijklm…" is not a whole number`)
	if strings.Contains(got, "feedtoken_0123") || !strings.Contains(got, Mask+"…") {
		t.Fatalf("got %q", got)
	}
	if got := r.String("a list… of things"); got != "a list… of things" {
		t.Fatalf("ordinary text changed: %q", got)
	}
}

// The sentence a merchant reads is redacted too, and an error nobody
// phrased stays unphrased (its context is all there is).
func TestTheUserSentenceIsRedactedAndOnlyWhenThereIsOne(t *testing.T) {
	r := New("tok_123456789")
	phrased := fmt.Errorf("read the store: %w", plain.Wrap(errors.New("HTTP 401"), "The shop refused tok_123456789"))
	if got := plain.Sentence(r.Error(phrased)); got != "The shop refused [redacted]." {
		t.Errorf("the user reads %q", got)
	}
	raw := r.Error(fmt.Errorf("read the store: %w", errors.New("tok_123456789 refused")))
	if got := plain.Sentence(fmt.Errorf("sync: %w", raw)); got != "Sync: read the store: [redacted] refused." {
		t.Errorf("the user reads %q", got)
	}
}
