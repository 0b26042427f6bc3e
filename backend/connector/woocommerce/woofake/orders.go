package woofake

import "time"

// Order is a store order as the fake keeps it.
type Order struct {
	ID                int64
	Status            string
	Created, Modified time.Time
	Lines             []OrderLine
}

// OrderLine is one line item: a product, or a variation of ProductID.
type OrderLine struct {
	ProductID   int64
	VariationID int64
	Quantity    int
}
