// Package csvsafe writes CSV that a spreadsheet opens as data: a cell that
// Excel or LibreOffice would read as a formula (=HYPERLINK(…), +SUM(…),
// @SUM, -2+3, or one starting with a tab or carriage return) is written
// with a leading apostrophe, OWASP's rule for CSV injection. SKUs, names
// and errors come from feeds and servers, so every CSV ShelfSync writes
// goes through here.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Writer is a csv.Writer that neutralises formulas.
type Writer struct{ w *csv.Writer }

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record, each cell made safe.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = Cell(cell)
	}
	return w.w.Write(safe)
}

// Flush writes any buffered data.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error of a past Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }

// Cell returns a cell a spreadsheet will not evaluate. A plain number,
// negative ones included, is left as it is so it stays a number.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s
	}
	return "'" + s
}
