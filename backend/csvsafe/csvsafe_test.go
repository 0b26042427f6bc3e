package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestFormulasAreWrittenAsText(t *testing.T) {
	cells := map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		`+SUM(1)|' /C calc'!A0`:      `'+SUM(1)|' /C calc'!A0`,
		"@SUM(1)":                    "'@SUM(1)",
		"-2+3":                       "'-2+3",
		"\t=1":                       "'\t=1",
		"\r=1":                       "'\r=1",
		"-2":                         "-2",
		"150":                        "150",
		"SKU-1":                      "SKU-1",
		"":                           "",
	}
	for in, want := range cells {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		if err := w.Write([]string{in, "x"}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		got, err := csv.NewReader(&buf).Read()
		if err != nil || got[0] != want {
			t.Errorf("%q was written as %q (%v), want %q", in, got, err, want)
		}
	}
}
