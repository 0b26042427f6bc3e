//go:build !unix

package storage

import "testing"

// PostgreSQL is started for tests on Unix only (pgtest).
func openTestPostgres(t *testing.T) *DB {
	t.Skip("PostgreSQL tests run on Unix only")
	return nil
}
