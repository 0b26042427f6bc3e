package woocommerce

import (
	"strings"
	"testing"
)

func TestDecodeProductsUnderstandsEveryManageStockShape(t *testing.T) {
	ps, err := decodeProducts([]byte(`[
		{"id": 1, "sku": "A", "manage_stock": true, "stock_quantity": 5},
		{"id": 2, "sku": "B", "manage_stock": "parent", "stock_quantity": 7},
		{"id": 3, "sku": "C", "manage_stock": false, "stock_quantity": null},
		{"id": 4, "sku": "D", "manage_stock": "yes", "stock_quantity": "12"},
		{"id": 5, "sku": "E", "manage_stock": true, "stock_quantity": 3.9}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		mode stockMode
		qty  stockQty
	}{
		{stockOwn, stockQty{Known: true, N: 5}},
		{stockParent, stockQty{Known: true, N: 7}},
		{stockUntracked, stockQty{}},
		{stockOwn, stockQty{Known: true, N: 12}},
		{stockOwn, stockQty{Known: true, N: 3, Fractional: true, Raw: 3.9}},
	}
	for i, w := range want {
		if ps[i].ManageStock != w.mode || ps[i].StockQuantity != w.qty {
			t.Errorf("product %d: mode %v qty %+v, want %v %+v", ps[i].ID, ps[i].ManageStock, ps[i].StockQuantity, w.mode, w.qty)
		}
	}
}

func TestDecodeProductsRejectsWhatIsNotAProductList(t *testing.T) {
	for _, body := range []string{``, `{}`, `<html>`, `[{"id":0}]`, `[{"id":1,"manage_stock":"sometimes"}]`, `[{"id":1,"stock_quantity":"lots"}]`} {
		if _, err := decodeProducts([]byte(body)); err == nil {
			t.Errorf("%q was accepted", body)
		}
	}
}

func TestDecodeBatchKeepsUnreadableItemsAsItemErrors(t *testing.T) {
	items, err := decodeBatch([]byte(`{"update":[
		{"id": 11, "manage_stock": true, "stock_quantity": 4},
		{"id": 12, "error": {"code": "woocommerce_rest_product_invalid_id", "message": "Invalid ID.", "data": {"status": 400}}},
		{"id": 13, "stock_quantity": "many"},
		{"id": "fourteen", "sku": "D"},
		{"id": true, "sku": "E"}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	if items[0].Error != nil || items[0].StockQuantity.N != 4 {
		t.Errorf("item 0 = %+v", items[0])
	}
	if items[1].Error == nil || items[1].Error.Status() != 400 || items[1].Error.Text() != "Invalid ID. (woocommerce_rest_product_invalid_id)" {
		t.Errorf("item 1 = %+v", items[1])
	}
	if items[2].ID != 13 || items[2].Error == nil || !strings.Contains(items[2].Error.Message, "could not be read") {
		t.Errorf("item 2 = %+v", items[2])
	}
	// A SKU's reason is the merchant's to read: the field in words, not
	// Go's "cannot unmarshal string into Go struct field batchItem.id".
	if want := "the store's answer for this item could not be read: its id is a string, not what WooCommerce documents"; items[3].Error == nil || items[3].Error.Message != want {
		t.Errorf("item 3 = %+v, want the message %q", items[3].Error, want)
	}
	if want := "the store's answer for this item could not be read: its id is true or false, not what WooCommerce documents"; items[4].Error == nil || items[4].Error.Message != want {
		t.Errorf("item 4 = %+v, want the message %q", items[4].Error, want)
	}
	for i, it := range items {
		if it.Error != nil && strings.Contains(it.Error.Message, "json:") {
			t.Errorf("item %d's reason carries the decoder's words: %s", i, it.Error.Message)
		}
	}
}

func TestDecodeErrorStripsHTMLFromMessages(t *testing.T) {
	e, ok := decodeError([]byte(`{"code":"rest_forbidden","message":"Sorry, <strong>no</strong>.","data":{"status":"403"}}`))
	if !ok || e.Text() != "Sorry, no. (rest_forbidden)" || e.Status() != 403 {
		t.Errorf("decoded %+v ok=%v text=%q status=%d", e, ok, e.Text(), e.Status())
	}
	if _, ok := decodeError([]byte(`<html>`)); ok {
		t.Error("an HTML page was taken for an error object")
	}
}

func TestBuildIndexSkipsVariationsOfAParentThatDoesNotManageStock(t *testing.T) {
	parent := product{ID: 1, Type: "variable", ManageStock: stockUntracked, Variations: []int64{2}}
	v := product{ID: 2, SKU: "V", ManageStock: stockParent, StockQuantity: stockQty{Known: true, N: 3}}
	b := buildIndex([]product{parent}, map[int64][]product{1: {v}})
	if len(b.items) != 0 || len(b.duplicates) != 0 {
		t.Errorf("items %v dups %v, want nothing: the parent holds no stock", b.items, b.duplicates)
	}
	if len(b.notTracked) != 1 || b.notTracked[0].SKU != "V" {
		t.Errorf("not tracked %v, want V: its stock lives on a parent that tracks none", b.notTracked)
	}
}

func FuzzDecodeProducts(f *testing.F) {
	f.Add([]byte(`[{"id":1,"sku":"A","type":"simple","manage_stock":true,"stock_quantity":5,"variations":[]}]`))
	f.Add([]byte(`[{"id":2,"sku":"B","manage_stock":"parent","stock_quantity":null}]`))
	f.Add([]byte(`[{"id":3,"stock_quantity":"1e9"}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ps, err := decodeProducts(body)
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.ID <= 0 {
				t.Fatalf("accepted product without id: %+v", p)
			}
		}
		// Whatever decodes must index without panicking.
		b := buildIndex(ps, map[int64][]product{ps0(ps): ps})
		for _, it := range append(b.items, b.notTracked...) {
			if it.SKU == "" || it.Ref == "" {
				t.Fatalf("indexed an item without SKU or Ref: %+v", it)
			}
		}
	})
}

func ps0(ps []product) int64 {
	if len(ps) == 0 {
		return 0
	}
	return ps[0].ID
}

func FuzzDecodeBatch(f *testing.F) {
	f.Add([]byte(`{"update":[{"id":1,"stock_quantity":4},{"id":2,"error":{"code":"x","message":"y","data":{"status":400}}}]}`))
	f.Add([]byte(`{"update":[{"id":"1"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := decodeBatch(body)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Error != nil {
				_ = it.Error.Text()
				_ = it.Error.Status()
			}
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	f.Add([]byte(`{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}`))
	f.Add([]byte(`{"code":"rest_invalid_param","message":"Invalid parameter(s): per_page","data":{"status":400,"params":{"per_page":"bad"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, ok := decodeError(body)
		if ok && e.Text() == "" {
			t.Fatal("an error object without words")
		}
		_ = e.Status()
	})
}

// A whole-number stock_quantity outside what a quantity can hold is refused
// like a fractional one out of range, not stored as 9 quintillion.
func TestDecodeRefusesAWholeStockQuantityOutOfRange(t *testing.T) {
	for _, q := range []string{"9000000000000000000", "-9000000000000000000", "2147483648", `"99999999999"`} {
		_, err := decodeProducts([]byte(`[{"id": 1, "sku": "A", "manage_stock": true, "stock_quantity": ` + q + `}]`))
		if err == nil || !strings.Contains(err.Error(), "stock_quantity") {
			t.Errorf("stock_quantity %s: err %v", q, err)
		}
	}
	if _, err := decodeProducts([]byte(`[{"id": 1, "sku": "A", "manage_stock": true, "stock_quantity": -2147483648}]`)); err != nil {
		t.Errorf("the lowest 32-bit quantity was refused: %v", err)
	}
}
