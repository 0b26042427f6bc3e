package services

import (
	"testing"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/redact"
	"shelfsync/backend/connector/woocommerce"
)

// The redacting wrapper hides no optional interface the engine looks for.
func TestARedactedStoreKeepsItsOptionalInterfaces(t *testing.T) {
	st, err := woocommerce.New(connector.Config{Settings: map[string]string{woocommerce.SettingURL: "https://shop.example.com"},
		Secrets: map[string]string{woocommerce.SecretKey: "ck_1", woocommerce.SecretSecret: "cs_1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := redactStore(st, redact.New()).(connector.StoreChangeReader); !ok {
		t.Fatal("the wrapped WooCommerce store lost ChangedSince")
	}
}
