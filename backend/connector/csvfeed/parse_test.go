package csvfeed

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"shelfsync/backend/inventory"
)

func mustParse(t *testing.T, text string) Result {
	t.Helper()
	res, err := parse(strings.NewReader(text), time.UTC)
	if err != nil {
		t.Fatalf("parse(%q): %v", text, err)
	}
	return res
}

// quantities reduces a result to SKU -> qty for compact assertions.
func quantities(items []inventory.WarehouseItem) map[string]int {
	m := map[string]int{}
	for _, it := range items {
		m[it.SKU] = it.Qty
	}
	return m
}

func TestParseAcceptsEveryHeaderAliasInAnyCaseAndOrder(t *testing.T) {
	for _, sku := range []string{"sku", "SKU", "Variant SKU", "item", "  Sku ", "variant_sku"} {
		for _, qty := range []string{"qty", "quantity", "available", "Available Quantity", "on_hand", "stock", "ON HAND", "Qty "} {
			for _, qtyFirst := range []bool{false, true} {
				text := fmt.Sprintf("%s,%s\nA-1,5\n", sku, qty)
				if qtyFirst {
					text = fmt.Sprintf("%s,%s\n5,A-1\n", qty, sku)
				}
				res := mustParse(t, text)
				if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"A-1": 5}) {
					t.Errorf("header %q: got %v", strings.SplitN(text, "\n", 2)[0], got)
				}
			}
		}
	}
}

func TestParseReadsOptionalNameColumnUnderEachAlias(t *testing.T) {
	for _, name := range []string{"name", "Title", "Product Name"} {
		res := mustParse(t, "qty,"+name+",sku\n3,Blue mug,MUG-B\n")
		if len(res.Items) != 1 || res.Items[0].Name != "Blue mug" || res.Items[0].SKU != "MUG-B" || res.Items[0].Qty != 3 {
			t.Errorf("name column %q: got %+v", name, res.Items)
		}
	}
}

func TestParseReadsUpdatedAtInEachAcceptedFormat(t *testing.T) {
	res := mustParse(t, "sku,qty,updated_at\n"+
		"A,1,2026-11-26T14:30:00+02:00\n"+
		"B,2,2026-11-26 14:30:00\n"+
		"C,3,2026-11-26\n"+
		"D,4,\n")
	want := map[string]time.Time{
		"A": time.Date(2026, 11, 26, 12, 30, 0, 0, time.UTC),
		"B": time.Date(2026, 11, 26, 14, 30, 0, 0, time.UTC),
		"C": time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		"D": {},
	}
	for _, it := range res.Items {
		if !it.UpdatedAt.Equal(want[it.SKU]) {
			t.Errorf("%s: UpdatedAt %v, want %v", it.SKU, it.UpdatedAt, want[it.SKU])
		}
	}
	if len(res.Problems) != 0 {
		t.Errorf("unexpected problems %v", res.Problems)
	}
}

func TestParseKeepsRowWithUnreadableDateAndSaysSo(t *testing.T) {
	res := mustParse(t, "sku,qty,updated_at\nA,1,yesterday\n")
	if len(res.Items) != 1 || !res.Items[0].UpdatedAt.IsZero() {
		t.Fatalf("items %+v", res.Items)
	}
	if len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0], `line 2: updated_at "yesterday" is not a date`) || !strings.Contains(res.Problems[0], "file's time was used") {
		t.Errorf("problems %q", res.Problems)
	}
}

func TestParseDetectsDelimiterFromHeader(t *testing.T) {
	for name, d := range map[string]string{"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"} {
		// The name holds the other delimiters to prove only the header decides.
		text := strings.Join([]string{"sku", "name", "qty"}, d) + "\n" +
			strings.Join([]string{"A-1", `"Mug, large; blue | tall"`, "7"}, d) + "\n"
		res := mustParse(t, text)
		if len(res.Items) != 1 || res.Items[0].Qty != 7 || res.Items[0].Name != "Mug, large; blue | tall" {
			t.Errorf("%s: got %+v problems %v", name, res.Items, res.Problems)
		}
	}
}

func TestParseIgnoresDelimitersInsideQuotedHeaderCells(t *testing.T) {
	// Four commas inside quotes, two semicolons outside: ';' must win.
	res := mustParse(t, "\"sku\";\"qty\";\"note, with, many, commas, here\"\nX;4;z\n")
	if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"X": 4}) {
		t.Errorf("items %v problems %v", got, res.Problems)
	}
}

func TestParseHandlesBOMQuotesNewlinesInQuotesAndCRLF(t *testing.T) {
	text := bom + "\"SKU\",\"Name\",\"Qty\"\r\n" +
		"A-1,\"Mug \"\"Deluxe\"\", 12oz\",3\r\n" +
		"A-2,\"Two\r\nline name\",4\r\n" +
		"A-3,Plain,5" // no final newline
	res := mustParse(t, text)
	want := []inventory.WarehouseItem{
		{SKU: "A-1", Name: `Mug "Deluxe", 12oz`, Qty: 3},
		{SKU: "A-2", Name: "Two\nline name", Qty: 4},
		{SKU: "A-3", Name: "Plain", Qty: 5},
	}
	if !reflect.DeepEqual(res.Items, want) {
		t.Errorf("items\n got %+v\nwant %+v", res.Items, want)
	}
	if res.Rows != 3 || len(res.Problems) != 0 {
		t.Errorf("rows %d problems %v", res.Rows, res.Problems)
	}
}

func TestParseReportsBadRowsWithLineNumbersAndKeepsTheRest(t *testing.T) {
	text := "sku,qty\n" + // line 1
		"OK-1,1\n" + // 2
		"BAD-1,abc\n" + // 3
		"BAD-2,-3\n" + // 4
		"BAD-3,99999999999\n" + // 5
		",4\n" + // 6
		"BAD-4,\n" + // 7
		"BAD-5,2.5\n" + // 8
		"OK-2,\"multi\nline\"\n" + // 9-10: a newline inside the qty is not a number
		"OK-3,12.0\n" + // 11
		"BAD-6\n" + // 12
		"BAD-7,2147483648\n" + // 13
		"OK-4, 2147483647 \n" // 14
	res := mustParse(t, text)
	if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"OK-1": 1, "OK-3": 12, "OK-4": 2147483647, "BAD-2": 0}) {
		t.Errorf("items %v", got)
	}
	var troubled []string
	for _, it := range res.Troubled {
		if it.Problem != inventory.ProblemInvalidQty {
			t.Errorf("%s has problem %d, want an invalid quantity", it.SKU, it.Problem)
		}
		troubled = append(troubled, it.SKU)
	}
	if want := []string{"BAD-1", "BAD-3", "BAD-4", "BAD-5", "BAD-7", "OK-2"}; !reflect.DeepEqual(troubled, want) {
		t.Errorf("troubled %v, want %v", troubled, want)
	}
	want := []string{
		`line 3: quantity "abc" is not a whole number; row skipped`,
		`line 4: quantity -3 is negative; 0 is published for SKU BAD-2`,
		`line 5: quantity 99999999999 is too large (the most a row can hold is 2,147,483,647); row skipped`,
		`line 6: the SKU is empty; row skipped`,
		`line 7: the quantity is empty; row skipped`,
		`line 8: quantity "2.5" is not a whole number; row skipped`,
		`line 9: quantity "multi\nline" is not a whole number; row skipped`,
		`line 12: the row has 1 fields but the header has 2, so its SKU or quantity is missing; row skipped`,
		`line 13: quantity 2147483648 is too large (the most a row can hold is 2,147,483,647); row skipped`,
	}
	if !reflect.DeepEqual(res.Problems, want) {
		t.Errorf("problems\n got %q\nwant %q", res.Problems, want)
	}
	if res.Rows != 12 || res.Skipped() != 8 {
		t.Errorf("rows %d skipped %d", res.Rows, res.Skipped())
	}
}

func TestParseHoldsSKUsWhoseRowsDisagreeAndNamesTheLines(t *testing.T) {
	res := mustParse(t, "sku,qty\nA,1\nB,2\nX,3\nC,4\nX,5\nD,6\nD,7\nD,8\nA,1\nC,x\n")
	if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"A": 1, "B": 2}) {
		t.Errorf("items %v", got)
	}
	if len(res.Troubled) != 3 || res.Troubled[0].SKU != "C" || res.Troubled[1].SKU != "D" || res.Troubled[2].SKU != "X" || res.Troubled[2].Problem != inventory.ProblemConflicting {
		t.Errorf("troubled %+v, want C, D and X with conflicting rows", res.Troubled)
	}
	want := []string{
		"SKU A is listed twice (lines 2 and 10) with the same quantity; it was synced once",
		"SKU X is listed twice (lines 4 and 6) with different quantities; it was not synced and needs attention",
		"SKU D is listed 3 times (lines 7, 8 and 9) with different quantities; it was not synced and needs attention",
		`line 11: quantity "x" is not a whole number; row skipped`,
	}
	if !reflect.DeepEqual(res.Problems, want) {
		t.Errorf("problems %q", res.Problems)
	}
}

func TestParseRefusesEmptyFeeds(t *testing.T) {
	for name, text := range map[string]string{
		"nothing":           "",
		"BOM only":          bom,
		"header only":       "sku,qty\n",
		"header and blanks": "sku,qty\r\n\r\n,\n , \n",
	} {
		_, err := parse(strings.NewReader(text), time.UTC)
		if !errors.Is(err, ErrEmptyFeed) {
			t.Errorf("%s: err %v, want ErrEmptyFeed", name, err)
		}
	}
	if ErrEmptyFeed.Error() != "The CSV file has no inventory rows; nothing was synced (an empty feed is never read as 'everything is zero')" {
		t.Errorf("message changed: %q", ErrEmptyFeed)
	}
}

func TestParseRefusesFileWhereNoRowIsUsable(t *testing.T) {
	_, err := parse(strings.NewReader("sku,qty\nA,x\nB,\n"), time.UTC)
	if err == nil || !strings.Contains(err.Error(), "None of the 2 rows") || !strings.Contains(err.Error(), `line 2: quantity "x"`) {
		t.Errorf("err %v", err)
	}
}

func TestParseNamesFoundAndAcceptedColumnsWhenOneIsMissing(t *testing.T) {
	_, err := parse(strings.NewReader("Product,Amount,Colour\nA,1,red\n"), time.UTC)
	if err == nil {
		t.Fatal("accepted a file without SKU and quantity columns")
	}
	for _, want := range []string{"no SKU column", "no quantity column", `"Product", "Amount", "Colour"`, "Variant SKU", "Available Quantity", "on_hand"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	_, err = parse(strings.NewReader("sku,count\nA,1\n"), time.UTC)
	if err == nil || strings.Contains(err.Error(), "no SKU column") || !strings.Contains(err.Error(), "no quantity column") {
		t.Errorf("quantity only missing: %v", err)
	}
}

func TestParseRefusesTwoQuantityColumns(t *testing.T) {
	_, err := parse(strings.NewReader("sku,qty,stock\nA,1,2\n"), time.UTC)
	if err == nil || !strings.Contains(err.Error(), `two quantity columns ("qty" and "stock")`) {
		t.Errorf("err %v", err)
	}
}

func TestParseSkipsRowWithBrokenQuotesAndContinues(t *testing.T) {
	res := mustParse(t, "sku,name,qty\nA,Pipe 1/2\",1\nB,\"ok\"x,2\nC,fine,3\n")
	if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"C": 3}) {
		t.Errorf("items %v", got)
	}
	if len(res.Problems) != 2 || !strings.HasPrefix(res.Problems[0], "line 2: a \" appears inside a field") || !strings.HasPrefix(res.Problems[1], "line 3: a quoted field is not closed properly") {
		t.Errorf("problems %q", res.Problems)
	}
}

func TestParseRefusesQuoteThatSwallowsTheRestOfTheFile(t *testing.T) {
	_, err := parse(strings.NewReader("sku,name,qty\nA,fine,1\nB,\"never closed,2\nC,x,3\nD,y,4\n"), time.UTC)
	if err == nil || !strings.HasPrefix(err.Error(), "line 3: a quoted field starts here and is never closed") {
		t.Errorf("err %v", err)
	}
}

func TestParseRefusesUTF16WithAHint(t *testing.T) {
	_, err := parse(strings.NewReader("\xff\xfes\x00k\x00u\x00"), time.UTC)
	if err == nil || !strings.Contains(err.Error(), "CSV UTF-8") {
		t.Errorf("err %v", err)
	}
}

func TestParseCapsTheProblemList(t *testing.T) {
	var b strings.Builder
	b.WriteString("sku,qty\nGOOD,1\n")
	for i := range maxProblems + 20 {
		fmt.Fprintf(&b, "S%d,x\n", i)
	}
	res := mustParse(t, b.String())
	if len(res.Problems) != maxProblems+1 || res.Problems[maxProblems] != "… and 20 more problems not listed here" {
		t.Errorf("got %d problems, last %q", len(res.Problems), res.Problems[len(res.Problems)-1])
	}
	if res.Skipped() != maxProblems+20 {
		t.Errorf("skipped %d", res.Skipped())
	}
}

// One SKU repeated a hundred thousand times is one short warning, not a
// list of every line it is on (2 million lines made a 16.9 MB warning).
func TestADuplicateSKUsWarningNamesAFewLinesOnly(t *testing.T) {
	var b strings.Builder
	b.WriteString("sku,qty\nGOOD,1\n")
	for range 100_000 {
		b.WriteString("DUP,1\n")
	}
	res := mustParse(t, b.String())
	if len(res.Problems) != 1 {
		t.Fatalf("%d problems", len(res.Problems))
	}
	if p := res.Problems[0]; len(p) > 300 || !strings.Contains(p, "100000 times") || !strings.Contains(p, "99990 more") {
		t.Errorf("warning of %d bytes: %.300s", len(p), p)
	}
}

// A SKU that is not UTF-8 text is skipped with a sentence: stored, it
// would be altered and never match the store's SKU again.
func TestASKUThatIsNotUTF8IsSkippedWithAHint(t *testing.T) {
	res := mustParse(t, "sku,qty,name\nGOOD,1,ok\nBAD\xff\xfe,2,x\nNAME,3,caf\xe9\n")
	if len(res.Items) != 2 || res.Items[0].SKU != "GOOD" || res.Items[1].SKU != "NAME" {
		t.Fatalf("items %+v", res.Items)
	}
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0], "not UTF-8") || !strings.Contains(res.Problems[0], "line 3") {
		t.Errorf("problems %q", res.Problems)
	}
	if !utf8.ValidString(res.Items[1].Name) {
		t.Errorf("a name that is not UTF-8 was kept as is: %q", res.Items[1].Name)
	}
}

// Past the listed problems, rows are only counted: the count stays exact.
func TestProblemsPastTheListAreCountedExactly(t *testing.T) {
	var b strings.Builder
	b.WriteString("sku,qty\nGOOD,1\n")
	for i := range 3 * maxProblems {
		fmt.Fprintf(&b, "S%d,x\n", i)
	}
	b.WriteString("DUP,1\nDUP,1\n")
	res := mustParse(t, b.String())
	last := res.Problems[len(res.Problems)-1]
	if len(res.Problems) != maxProblems+1 || last != fmt.Sprintf("… and %d more problems not listed here", 2*maxProblems+1) {
		t.Errorf("%d problems, last %q", len(res.Problems), last)
	}
}
