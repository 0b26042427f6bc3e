package shopify

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeResponse feeds arbitrary bytes to the GraphQL answer decoder and
// the data shapes the connector reads; none may panic, whatever Shopify (or
// a broken proxy) sends. Seeds: testdata/fuzz/FuzzDecodeResponse.
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte(`{"data":{"inventorySetQuantities":{"inventoryAdjustmentGroup":null,"userErrors":[{"code":"COMPARE_QUANTITY_STALE","field":["input","quantities","1","compareQuantity"],"message":"stale"}]}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, err := decodeResponse(body)
		if err != nil || resp.Data == nil {
			return
		}
		var set setData
		if json.Unmarshal(resp.Data, &set) == nil {
			for _, ue := range set.Set.UserErrors {
				if i, ok := entryIndex(ue.Field); ok && i < 0 {
					t.Fatalf("entryIndex(%q) = %d", ue.Field, i)
				}
			}
		}
		var levels levelsData
		if json.Unmarshal(resp.Data, &levels) == nil {
			for _, n := range levels.Nodes {
				if n != nil {
					n.InventoryLevel.available()
				}
			}
		}
		var page variantsData
		if json.Unmarshal(resp.Data, &page) == nil {
			b := newIndexBuilder("gid://shopify/Location/1", []string{"gid://shopify/Location/2"})
			for _, v := range page.ProductVariants.Nodes {
				b.add(v)
			}
			b.finish()
		}
		var bulk bulkRunData
		_ = json.Unmarshal(resp.Data, &bulk)
	})
}

// FuzzParseJSONL feeds arbitrary bulk-export files to the line parser and
// the index builder: no panic, and a SKU is never both written and reported
// as a duplicate. Seeds: testdata/fuzz/FuzzParseJSONL.
func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"gid://shopify/ProductVariant/1","sku":"A","inventoryItem":{"id":"gid://shopify/InventoryItem/1","tracked":true,"inventoryLevel":{"quantities":[{"name":"available","quantity":3}]}}}` + "\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		b := newIndexBuilder("gid://shopify/Location/1", []string{"gid://shopify/Location/2"})
		if err := parseJSONL(bytes.NewReader(file), 4096, 1<<20, b.add); err != nil {
			return
		}
		idx, refs := b.finish()
		dups := map[string]bool{}
		for _, d := range idx.Duplicates {
			dups[d] = true
		}
		seen := map[string]bool{}
		for _, it := range idx.Items {
			if seen[it.SKU] || dups[it.SKU] || it.SKU == "" {
				t.Fatalf("SKU %q listed twice, empty, or also a duplicate", it.SKU)
			}
			seen[it.SKU] = true
			if refs[it.SKU] != it.Ref {
				t.Fatalf("index ref for %q is %q, item says %q", it.SKU, refs[it.SKU], it.Ref)
			}
		}
	})
}
