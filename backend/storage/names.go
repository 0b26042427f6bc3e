package storage

import "fmt"

// ItemNames returns the product names of the given SKUs of a connection,
// for exports that list SKUs a merchant must recognise; SKUs with no row or
// no name are left out.
func (db *DB) ItemNames(connectionID uint, skus []string) (map[string]string, error) {
	out := make(map[string]string, len(skus))
	const chunk = 500 // well under SQLite's bound-variable limit
	for start := 0; start < len(skus); start += chunk {
		var rows []struct{ SKU, Name string }
		err := db.gorm.Model(&Item{}).Select("sku, name").
			Where("connection_id = ? AND sku IN ? AND name <> ''", connectionID, skus[start:min(start+chunk, len(skus))]).
			Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("read product names of connection %d: %w", connectionID, err)
		}
		for _, r := range rows {
			out[r.SKU] = r.Name
		}
	}
	return out, nil
}
