package storage

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ErrNameTaken is returned when a connection name is already used.
var ErrNameTaken = errors.New("connection name already used")

// CreateConnection stores a new connection.
func (db *DB) CreateConnection(c *Connection) error {
	if _, err := db.ConnectionByName(c.Name); err == nil {
		return fmt.Errorf("%w: %q", ErrNameTaken, c.Name)
	}
	if err := db.gorm.Create(c).Error; err != nil {
		if db.dialect.isUniqueViolation(err) {
			return fmt.Errorf("%w: %q", ErrNameTaken, c.Name)
		}
		return fmt.Errorf("save connection %q: %w", c.Name, err)
	}
	return nil
}

// Connections lists every connection by name.
func (db *DB) Connections() ([]Connection, error) {
	var out []Connection
	if err := db.gorm.Order("name").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list connections: %w", err)
	}
	return out, nil
}

// Connection loads one connection.
func (db *DB) Connection(id uint) (Connection, error) {
	var c Connection
	err := db.gorm.First(&c, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, fmt.Errorf("connection %d: %w", id, ErrNotFound)
	}
	return c, err
}

// ConnectionByName loads one connection by its name.
func (db *DB) ConnectionByName(name string) (Connection, error) {
	var c Connection
	err := db.gorm.Where("name = ?", name).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, fmt.Errorf("connection %q: %w", name, ErrNotFound)
	}
	return c, err
}

// SaveConnection writes a changed connection.
func (db *DB) SaveConnection(c *Connection) error {
	if err := db.gorm.Save(c).Error; err != nil {
		if db.dialect.isUniqueViolation(err) {
			return fmt.Errorf("%w: %q", ErrNameTaken, c.Name)
		}
		return fmt.Errorf("save connection %q: %w", c.Name, err)
	}
	return nil
}

// DeleteConnection removes a connection with its items and history.
func (db *DB) DeleteConnection(id uint) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM sync_run_item_blocks WHERE run_id IN (SELECT id FROM sync_runs WHERE connection_id = ?)`, id).Error; err != nil {
			return fmt.Errorf("delete run items: %w", err)
		}
		for _, table := range []any{&SyncRun{}, &Item{}, &ItemLocation{}, &inventoryVersion{}, &BundleComponent{}} {
			if err := tx.Where("connection_id = ?", id).Delete(table).Error; err != nil {
				return fmt.Errorf("delete connection %d: %w", id, err)
			}
		}
		return tx.Delete(&Connection{}, id).Error
	})
}
