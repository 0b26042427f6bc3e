package secrets

import "fmt"

// Servers sharing a PostgreSQL share the connections, so they share the
// connections' secrets too: each sealed (as in sealed.go) in a row of the
// database, opened with a key every server holds and the database never
// sees. A row holds only what AES-GCM made of the secret.

// SealedTable is where a shared database keeps sealed secrets, a row each
// (storage.DB).
type SealedTable interface {
	SealedSecret(ref string) (sealed string, found bool, err error)
	PutSealedSecret(ref, sealed string) error
	// AddSealedSecret writes one unless that ref has one already.
	AddSealedSecret(ref, sealed string) error
	DeleteSealedSecret(ref string) error
}

// OpenSealedTable opens the secrets sealed in a shared database under
// envKey or, when that is empty, dataDir's key file (created 0600 on first
// use). Every server of the database must have the same key: the first
// one's secret.key copied to the others, or one SHELFSYNC_SECRET_KEY.
func OpenSealedTable(table SealedTable, dataDir, envKey string) (Store, error) {
	sealer, err := openSealedFormat(dataDir, envKey)
	if err != nil {
		return nil, err
	}
	s := &tableStore{table: table, sealer: sealer}
	// The first server to start leaves its key's check; two starting at
	// once each offer one, and the database keeps the first.
	if err := table.AddSealedSecret(keyCheck, s.sealer.keep(keyCheck, keyCheck)); err != nil {
		return nil, fmt.Errorf("save the secrets' key check in the shared database: %w", err)
	}
	check, found, err := table.SealedSecret(keyCheck)
	if err != nil || !found {
		return nil, fmt.Errorf("read the secrets' key check in the shared database: %v", err)
	}
	if _, err := s.sealer.reveal(keyCheck, check); err != nil {
		return nil, fmt.Errorf("the secret key of this server does not open the secrets in the shared database: every server of one database needs the same key; set %s to the key the first server used (or copy its %s into this data folder)", KeyEnv, keyFileName)
	}
	return s, nil
}

type tableStore struct {
	table  SealedTable
	sealer sealedFormat // its keep and reveal, under the key
}

func (s *tableStore) Set(ref, value string) error {
	if err := s.table.PutSealedSecret(ref, s.sealer.keep(ref, value)); err != nil {
		return fmt.Errorf("save secret %s: %w", ref, err)
	}
	return nil
}

func (s *tableStore) Get(ref string) (string, error) {
	sealed, found, err := s.table.SealedSecret(ref)
	if err != nil {
		return "", fmt.Errorf("read secret %s: %w", ref, err)
	}
	if !found {
		return "", fmt.Errorf("secret %s: %w; enter it again in the connection's settings", ref, ErrSecretNotFound)
	}
	v, err := s.sealer.reveal(ref, sealed)
	if err != nil {
		return "", fmt.Errorf("secret %s cannot be opened (damaged, or sealed under another key); enter it again in the connection's settings", ref)
	}
	return v, nil
}

func (s *tableStore) Delete(ref string) error {
	if err := s.table.DeleteSealedSecret(ref); err != nil {
		return fmt.Errorf("delete secret %s: %w", ref, err)
	}
	return nil
}
