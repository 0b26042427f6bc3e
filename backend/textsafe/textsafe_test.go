package textsafe

import "testing"

func TestEscapeShowsWhatATerminalWouldObeyOrHide(t *testing.T) {
	for in, want := range map[string]string{
		"plain SKU-1 é ☃":   "plain SKU-1 é ☃",
		"A\x1b[31m":         `A\x1b[31m`,
		"B\nFORGED\r\t":     `B\x0aFORGED\x0d\x09`,
		"C\u202egpj.exe":    `C\u202egpj.exe`,
		"D\u009b31m\u200b":  `D\u009b31m\u200b`,
		"E\xff\xfe":         `E\xff\xfe`,
		"F\x7f\u2066\u2069": `F\x7f\u2066\u2069`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if Contains(in) != (in != want) {
			t.Errorf("Contains(%q) = %v", in, Contains(in))
		}
	}
}
