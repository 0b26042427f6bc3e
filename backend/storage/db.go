package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// FileName is the database file inside the data dir.
const FileName = "shelfsync.db"

// DB is the app's database.
type DB struct {
	gorm    *gorm.DB
	dialect dialect
	// Path is the SQLite file, or the PostgreSQL database's address
	// without its password: where the database is, for messages.
	Path string
	// Recovered is a sentence for the user when Open found the file
	// damaged, kept it aside and started an empty one; "" otherwise.
	Recovered string
}

// ErrNotFound is returned when a connection or run does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed) the database in dataDir, in WAL mode with a
// busy timeout so the window and a CLI run can share it, and migrates it.
// A file SQLite cannot read is kept aside and replaced by an empty database;
// DB.Recovered then says so. A folder or database another user could change
// is refused (ErrNotPrivate, private.go).
func Open(dataDir string) (*DB, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, FileName)
	if err := secureDataFiles(dataDir, path); err != nil {
		return nil, err
	}
	db, err := openFile(path)
	if err != nil && isCorrupt(err) {
		return reopenFresh(path, err)
	}
	return db, err
}

// openFile opens and migrates one database file, one process at a time
// (openAlone).
func openFile(path string) (*DB, error) {
	var db *DB
	err := openAlone(path, func() (err error) {
		db, err = openFileNow(path)
		return err
	})
	return db, err
}

func openFileNow(path string) (*DB, error) {
	keepCMemoryPages() // see cmemory.go
	// 8 KiB pages (for a new file; an existing one keeps its own): a Full
	// Sync writes half as many pages as with 4 KiB, each a system call in
	// the pure-Go driver (100,000 SKUs: 2.0 s to 1.7 s), while a Smart
	// Sync's scattered updates rewrite little more. 16 KiB was slower for
	// both.
	//
	// Write transactions begin IMMEDIATE: one that read first and wrote
	// later (BeginRun checks for a live run, then inserts its own) failed
	// at once with SQLITE_BUSY_SNAPSHOT when another writer, such as the
	// background search catch-up, committed in between; taking the write
	// lock up front makes it wait out the busy timeout instead. Read-only
	// transactions (sql.TxOptions{ReadOnly: true}) still begin deferred.
	dsn := path + "?_pragma=page_size(8192)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	g, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		CreateBatchSize:        500,
	})
	if err != nil {
		return nil, fmt.Errorf("open the database %s: %w", path, err)
	}
	db := &DB{gorm: g, dialect: sqliteDialect{dataDir: filepath.Dir(path)}, Path: path}
	if err := db.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) migrate() error {
	if err := db.gorm.AutoMigrate(&Connection{}, &Item{}, &ItemLocation{}, &SyncRun{}, &RunItemBlock{}, &Setting{}, &inventoryVersion{}, &BundleComponent{}, &scheduleLease{}, &sealedSecret{}); err != nil {
		return fmt.Errorf("migrate the database %s: %w", db.Path, err)
	}
	// Indexes for the Inventory tab: filter by state and sort by SKU or
	// name within one connection, read by keyset.
	for _, stmt := range []string{
		`CREATE INDEX IF NOT EXISTS idx_items_conn_state_sku ON items(connection_id, state, sku)`,
		`CREATE INDEX IF NOT EXISTS idx_items_conn_name ON items(connection_id, name, sku)`,
		`CREATE INDEX IF NOT EXISTS idx_runs_conn_started ON sync_runs(connection_id, id DESC)`,
	} {
		if err := db.gorm.Exec(stmt).Error; err != nil {
			return fmt.Errorf("create index: %w", err)
		}
	}
	if err := db.dialect.migrate(db.gorm); err != nil {
		return fmt.Errorf("migrate the database %s: %w", db.Path, err)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return errors.Join(sqlDB.Close(), db.dialect.close())
}

// Gorm exposes the handle for benchmarks and integrity checks.
func (db *DB) Gorm() *gorm.DB { return db.gorm }

// IntegrityCheck runs SQLite's integrity_check and returns its verdict.
func (db *DB) IntegrityCheck() (string, error) {
	if _, ok := db.dialect.(sqliteDialect); !ok {
		return "", errNotSQLite
	}
	var verdict string
	err := db.gorm.Raw("PRAGMA integrity_check").Scan(&verdict).Error
	return verdict, err
}

// Setting is one app-wide preference (notifications, close to tray).
type Setting struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

// GetSetting returns a preference or def.
func (db *DB) GetSetting(key, def string) string {
	var s Setting
	if err := db.gorm.First(&s, "key = ?", key).Error; err != nil {
		return def
	}
	return s.Value
}

// SetSetting stores a preference.
func (db *DB) SetSetting(key, value string) error {
	return db.gorm.Save(&Setting{Key: key, Value: value}).Error
}
