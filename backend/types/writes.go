package types

import "strconv"

// SKULocation is the unit of a located run's writes: a SKU at one store
// location (Run.Located, Preview.Located).
const SKULocation = "SKU-location"

// Writes names n of the run's writes (changed, pushed or failed): "12" on
// a connection without a location map, whose writes are its SKUs, and
// "80 SKU-locations" on one with a map, where a SKU is written once per
// store location, so that 80 writes are not read as 80 SKUs.
func (r Run) Writes(n int) string {
	if !r.Located {
		return strconv.Itoa(n)
	}
	if n == 1 {
		return "1 " + SKULocation
	}
	return strconv.Itoa(n) + " " + SKULocation + "s"
}
