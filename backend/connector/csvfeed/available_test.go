package csvfeed

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// On-hand stock includes units already committed to orders, so a column
// that says what is available wins whenever a file has both.
func TestParseTakesAvailableOverOnHandInEitherOrder(t *testing.T) {
	for _, header := range []string{"sku,available,on_hand\nA,3,5\n", "sku,On Hand,Available\nA,5,3\n", "sku,quantity on hand,qty\nA,5,3\n", "sku,onhand,Available Quantity\nA,5,3\n"} {
		res, err := parse(strings.NewReader(header), time.UTC)
		if err != nil {
			t.Fatalf("%q: %v", header, err)
		}
		if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"A": 3}) {
			t.Errorf("%q: got %v, want the available 3", header, got)
		}
		if len(res.Problems) != 0 {
			t.Errorf("%q: problems %v, want none when an available column is used", header, res.Problems)
		}
	}
}

func TestParseAcceptsOnHandAloneWithAWarning(t *testing.T) {
	for _, header := range []string{"sku,on_hand\nA,5\n", "sku,OnHand\nA,5\n", "sku,Quantity On Hand\nA,5\n"} {
		res, err := parse(strings.NewReader(header), time.UTC)
		if err != nil {
			t.Fatalf("%q: %v", header, err)
		}
		if got := quantities(res.Items); !reflect.DeepEqual(got, map[string]int{"A": 5}) {
			t.Errorf("%q: got %v", header, got)
		}
		if len(res.Problems) != 1 || !strings.Contains(res.Problems[0], "on-hand counts units already sold; consider a buffer") {
			t.Errorf("%q: problems %v, want the on-hand warning once", header, res.Problems)
		}
	}
}

func TestParseStillRefusesTwoColumnsOfTheSameKind(t *testing.T) {
	for header, want := range map[string]string{
		"sku,available,stock\nA,1,2\n":   `two quantity columns ("available" and "stock")`,
		"sku,on_hand,onhand\nA,1,2\n":    `two on-hand columns ("on_hand" and "onhand")`,
		"sku,on hand,qty,stock\nA,1,2,3": `two quantity columns ("qty" and "stock")`,
	} {
		_, err := parse(strings.NewReader(header), time.UTC)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %s", header, err, want)
		}
	}
}
