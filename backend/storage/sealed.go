package storage

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// sealedSecret is a connection's secret as a shared database keeps it:
// sealed with a key the database never sees (secrets.OpenSealedTable).
// SQLite's data folder keeps its secrets in the keyring or a sealed file
// instead, and leaves this table empty.
type sealedSecret struct {
	Ref    string `gorm:"primaryKey"`
	Sealed string `gorm:"not null"`
}

func (sealedSecret) TableName() string { return "sealed_secrets" }

// SealedSecret reads one sealed secret.
func (db *DB) SealedSecret(ref string) (string, bool, error) {
	var s sealedSecret
	err := db.gorm.Where("ref = ?", ref).First(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read sealed secret %s: %w", ref, err)
	}
	return s.Sealed, true, nil
}

// PutSealedSecret writes (or replaces) one sealed secret.
func (db *DB) PutSealedSecret(ref, sealed string) error {
	return db.gorm.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "ref"}}, DoUpdates: clause.AssignmentColumns([]string{"sealed"})}).
		Create(&sealedSecret{Ref: ref, Sealed: sealed}).Error
}

// AddSealedSecret writes a sealed secret unless one of that ref is there.
func (db *DB) AddSealedSecret(ref, sealed string) error {
	return db.gorm.Clauses(clause.OnConflict{DoNothing: true}).Create(&sealedSecret{Ref: ref, Sealed: sealed}).Error
}

// DeleteSealedSecret removes one sealed secret; none there is no error.
func (db *DB) DeleteSealedSecret(ref string) error {
	return db.gorm.Where("ref = ?", ref).Delete(&sealedSecret{}).Error
}
