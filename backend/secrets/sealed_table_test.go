package secrets

import (
	"errors"
	"strings"
	"testing"
)

// mapTable is a shared database's sealed_secrets table in memory.
type mapTable map[string]string

func (m mapTable) SealedSecret(ref string) (string, bool, error) {
	v, ok := m[ref]
	return v, ok, nil
}
func (m mapTable) PutSealedSecret(ref, sealed string) error { m[ref] = sealed; return nil }
func (m mapTable) AddSealedSecret(ref, sealed string) error {
	if _, ok := m[ref]; !ok {
		m[ref] = sealed
	}
	return nil
}
func (m mapTable) DeleteSealedSecret(ref string) error { delete(m, ref); return nil }

func TestASharedDatabasesSecretsAreSealedAndOnlyTheServersKeyOpensThem(t *testing.T) {
	const key = "c2hhcmVkLXRhYmxlLXRlc3Qta2V5LTMyLWJ5dGVzISE="
	table := mapTable{}
	first, err := OpenSealedTable(table, t.TempDir(), key)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Set("1/store/token", "shpat_table_secret"); err != nil {
		t.Fatal(err)
	}
	for ref, v := range table {
		if strings.Contains(v, "shpat_table_secret") {
			t.Fatalf("row %s holds the secret in plain text", ref)
		}
	}
	// Another server with the same key, in its own data folder.
	second, err := OpenSealedTable(table, t.TempDir(), key)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := second.Get("1/store/token"); err != nil || v != "shpat_table_secret" {
		t.Fatalf("the second server reads %q, %v", v, err)
	}
	// A server that made a key of its own is refused, saying why.
	if _, err := OpenSealedTable(table, t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "needs the same key") {
		t.Fatalf("a server with another key: %v; want a refusal naming the shared key", err)
	}
	if err := second.Delete("1/store/token"); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Get("1/store/token"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("after delete: %v, want ErrSecretNotFound", err)
	}
}
