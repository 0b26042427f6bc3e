// Package textsafe escapes what a terminal would obey or hide in text that
// came from outside (a feed, a server, the database).
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape makes text that came from a feed, a server or the database safe to
// print on a terminal: control characters (an ESC sequence would be
// obeyed, a newline would forge a row of a table), bidi overrides and
// other invisible format characters, and bytes that are not UTF-8 are
// shown escaped, Go-style (\x1b, \u202e). JSON output needs none of this:
// encoding/json escapes control characters itself.
func Escape(s string) string {
	if !Contains(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && Hidden(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case Hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Contains reports whether s holds anything Escape would change.
func Contains(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Hidden(r) {
			return true
		}
		i += size
	}
	return false
}

// Hidden reports a character a terminal acts on or does not show.
func Hidden(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f: // C0 (tab and newline too), DEL, C1
		return true
	case r == 0x061c, r >= 0x200b && r <= 0x200f, r >= 0x2028 && r <= 0x202e,
		r >= 0x2060 && r <= 0x206f, r == 0xfeff: // bidi marks and overrides, zero-width, line separators
		return true
	}
	return false
}
