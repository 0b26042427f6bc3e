package connector

import "testing"

func TestCheckWebAddressRefusesWhatNoShopOrFeedIs(t *testing.T) {
	for _, bad := range []string{
		"http://169.254.169.254/latest/meta-data/", "https://169.254.169.254", "https://[fe80::1]/",
		"file:///etc/passwd", "gopher://example.com:70/", "javascript:alert(1)", "ftp://example.com/inv.csv",
		"http://shop.example.com", "https://2852039166/", "https://0xA9FEA9FE/", "https://metadata.google.internal/",
		"https://0.0.0.0/", "https://224.0.0.1/", "https://",
	} {
		if err := CheckWebAddress("site address", bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	for _, good := range []string{
		"https://shop.example.com", "your-shop.myshopify.com", "http://127.0.0.1:8080", "http://localhost:9000/x",
		"https://203.0.113.5/feed.csv?x=1", "https://[2001:db8::1]/",
	} {
		if err := CheckWebAddress("site address", good); err != nil {
			t.Errorf("%q was refused: %v", good, err)
		}
	}
}
