package storage

import (
	"testing"
	"time"

	"gorm.io/gorm"
)

func BenchmarkExpInsertVsUpsert(b *testing.B) {
	for _, v := range []string{"upsert", "insert"} {
		b.Run(v, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db, c := benchDB(b)
				items := benchItems(c.ID, 100000, time.Now())
				b.StartTimer()
				err := db.gorm.Transaction(func(tx *gorm.DB) error {
					if v == "upsert" {
						return upsertItems(tx, items)
					}
					return bulkInsert(tx, "items", itemColumns, "", len(items), func(args []any, i int) []any { return itemArgs(args, &items[i]) })
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
