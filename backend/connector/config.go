package connector

// Config is what a connector is built from: its kind, the plain settings the
// user entered (URLs, paths, a location id) and the secrets, which come from
// the OS keyring and are never stored in the database.
type Config struct {
	Kind     string
	Settings map[string]string
	Secrets  map[string]string
	// DataDir is the app's data folder, for connectors that keep files
	// (the demo connectors, a CSV feed's download cache, known SFTP hosts).
	DataDir string
	// ConnectionID scopes those files to one connection.
	ConnectionID uint
	// ReadState is the State of the warehouse's last read whose quantities
	// a run recorded (see WarehouseRead.State); empty for a store.
	ReadState string
	// ReadFacilities is set for a warehouse whose connection's location map
	// names facilities, so its reads must fill WarehouseItem.Facilities.
	// A warehouse for which that costs calls of their own (ShipBob) reads
	// per facility only then.
	ReadFacilities bool
	// Locations, for a store, are the locations the connection's location
	// map writes (by the store's ids); a store that keeps stock in several
	// reads its index at each of them, besides its primary one, so a
	// location's first write needs no read of its own.
	Locations []string
}

// Setting returns a setting or def when it is empty.
func (c Config) Setting(key, def string) string {
	if v := c.Settings[key]; v != "" {
		return v
	}
	return def
}
