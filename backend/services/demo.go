package services

import (
	"errors"
	"shelfsync/backend/connector/demo"
	"shelfsync/backend/inventory"
	"shelfsync/backend/schedule"
	"shelfsync/backend/storage"
	"time"
)

// DemoName is the name of the connection a brand-new data dir starts with.
const DemoName = "Demo"

const settingDemoSeeded = "demo_seeded"

// seedDemo creates the Demo connection once, in a data dir that has never
// had one, so a first start shows a working app. A user who deletes it does
// not get it back.
func (c *Core) seedDemo() error {
	if c.db.GetSetting(settingDemoSeeded, "") != "" {
		return nil
	}
	conns, err := c.db.Connections()
	if err != nil {
		return err
	}
	if len(conns) == 0 {
		conn := storage.Connection{
			Name: DemoName, Demo: true,
			WarehouseKind: "demo", WarehouseSettings: map[string]string{demo.SettingSKUs: "500"},
			StoreKind: "demo", StoreSettings: map[string]string{demo.SettingPrefill: "true"},
			ScheduleEnabled: true,
			IntervalMinutes: int(schedule.DefaultInterval / time.Minute),
			AutoMode:        inventory.ModeSmart,
			RetentionDays:   DefaultRetentionDays,
		}
		// Servers sharing a new database start together: one of them
		// makes the Demo, the others find it made.
		if err := c.db.CreateConnection(&conn); err != nil && !errors.Is(err, storage.ErrNameTaken) {
			return err
		}
	}
	return c.db.SetSetting(settingDemoSeeded, "1")
}
