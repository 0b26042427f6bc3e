package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/connector/shipbob"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/services"
	"shelfsync/backend/types"
)

func runConnection(e *env, args []string) int {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(e.stdout, `Usage: shelfsync connection add|list|remove [options]

  add     --name NAME --warehouse KIND --store KIND [kind options]
  list    [--json]
  remove  --name NAME

Run shelfsync connection add --help for the kinds and their options.`)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "add":
		return connectionAdd(e, args[1:])
	case "list":
		return connectionList(e, args[1:])
	case "remove":
		return connectionRemove(e, args[1:])
	}
	fmt.Fprintf(e.stderr, "shelfsync connection: there is no action %q; use add, list or remove.\n", args[0])
	return exitUsage
}

func connectionAdd(e *env, args []string) int {
	fs := newFlags(e, "connection add", "connection add --name NAME --warehouse demo|csv:PATH|csv:https://…|csv:sftp://user@host/path|shipbob --store demo|shopify|woocommerce [options]")
	name := fs.String("name", "", "the connection's name (required)")
	warehouse := fs.String("warehouse", "", "demo, csv:PATH, csv:https://URL, csv:sftp://user@host/folder, or shipbob (required)")
	store := fs.String("store", "", "demo, shopify or woocommerce (required)")
	storeURL := fs.String("store-url", "", "Shopify shop domain or WooCommerce site URL")
	storeLocation := fs.String("store-location", "", "Shopify location id (default: the primary location)")
	storeClientID := fs.String("store-client-id", "", "Shopify: the client ID of your Dev Dashboard app")
	storeClientSecret := addSecret(fs, "store-client-secret", "Shopify: the client secret of your Dev Dashboard app")
	storeToken := addSecret(fs, "store-token", "Shopify: a legacy Admin API access token (shpat_…), instead of a client ID and secret")
	storeKey := addSecret(fs, "store-key", "WooCommerce consumer key")
	storeSecret := addSecret(fs, "store-secret", "WooCommerce consumer secret")
	warehouseToken := addSecret(fs, "warehouse-token", "ShipBob personal access token")
	warehouseURL := fs.String("warehouse-url", "", "ShipBob API address (default "+shipbob.DefaultURL+"; the sandbox is https://sandbox-api.shipbob.com)")
	warehouseQuantity := fs.String("warehouse-quantity", "", "ShipBob figure to publish: "+shipbob.QuantitySellable+" (default: minus exception orders) or "+shipbob.QuantityFulfillable)
	warehousePassword := addSecret(fs, "warehouse-password", "SFTP password of a csv:sftp:// feed")
	warehouseAuth := addSecret(fs, "warehouse-authorization", "HTTP Authorization header of a csv:https:// feed, e.g. \"Bearer …\" (kept with the secrets, never in the address)")
	warehouseKeyFile := fs.String("warehouse-key-file", "", "SFTP private key file of a csv:sftp:// feed")
	pattern := fs.String("pattern", "", "file pattern in an SFTP folder, e.g. inv_*.csv")
	demoSKUs := fs.Int("demo-skus", 0, "catalogue size of a demo warehouse (default 500)")
	demoLatency := fs.Duration("demo-latency", 0, "demo store: how long each write takes (to watch progress, or test cancelling)")
	demoFail := fs.String("demo-fail", "", "demo store: comma-separated SKUs whose writes it refuses (to try partial runs)")
	acceptHostKey := fs.String("accept-host-key", "", "the SFTP server's key fingerprint (SHA256:…) you checked with your provider, to trust it on first use")
	warehouseLimits := &limitFlag{allowed: []string{csvfeed.SettingMaxRows, csvfeed.SettingMaxMB, csvfeed.SettingMaxLineKB}}
	fs.Var(warehouseLimits, "warehouse-limit", "raise a CSV feed's read limit, KEY=VALUE, repeatable: maxRows (default 2000000), maxMB unpacked (1024), maxLineKB (1024)")
	storeLimits := &limitFlag{allowed: []string{woocommerce.SettingMaxPages, woocommerce.SettingMaxItems, woocommerce.SettingMaxMB}}
	fs.Var(storeLimits, "store-limit", "raise a WooCommerce store's read limit, KEY=VALUE, repeatable: maxPages a listing (default 10000), maxItems (2000000), maxMB a read (8192)")
	noSchedule := fs.Bool("no-schedule", false, "do not sync automatically")
	asJSON := fs.Bool("json", false, "print the connection as JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if *name == "" || *warehouse == "" || *store == "" {
		fmt.Fprintln(e.stderr, "shelfsync connection add: --name, --warehouse and --store are required. Run shelfsync connection add --help.")
		return exitUsage
	}
	req := types.NewConnection{
		Name:              *name,
		WarehouseSettings: map[string]string{}, WarehouseSecrets: map[string]string{},
		StoreSettings: map[string]string{}, StoreSecrets: map[string]string{},
	}
	secret := func(f *secretFlag, flagName string, into map[string]string, key string) error {
		v, err := f.get(flagName)
		if v != "" {
			into[key] = v
		}
		return err
	}

	switch kind, rest, _ := strings.Cut(*warehouse, ":"); kind {
	case "demo":
		req.WarehouseKind = "demo"
		if *demoSKUs > 0 {
			req.WarehouseSettings["skus"] = fmt.Sprint(*demoSKUs)
		}
	case "csv":
		if rest == "" {
			return e.fail(exitUsage, fmt.Errorf("--warehouse csv: needs a path or URL, e.g. csv:/home/me/inventory.csv"))
		}
		req.WarehouseKind = "csv"
		req.WarehouseSettings["source"] = rest
		warehouseLimits.into(req.WarehouseSettings)
		if *pattern != "" {
			req.WarehouseSettings["pattern"] = *pattern
		}
		if err := secret(warehousePassword, "warehouse-password", req.WarehouseSecrets, "password"); err != nil {
			return e.fail(exitUsage, err)
		}
		if err := secret(warehouseAuth, "warehouse-authorization", req.WarehouseSecrets, "authorization"); err != nil {
			return e.fail(exitUsage, err)
		}
		if *warehouseKeyFile != "" {
			key, err := readSmallFile(*warehouseKeyFile)
			if err != nil {
				return e.fail(exitUsage, fmt.Errorf("read the SFTP key file: %w", err))
			}
			req.WarehouseSecrets["privateKey"] = key
		}
	case "shipbob":
		req.WarehouseKind = "shipbob"
		if err := secret(warehouseToken, "warehouse-token", req.WarehouseSecrets, "token"); err != nil {
			return e.fail(exitUsage, err)
		}
		if *warehouseURL != "" {
			req.WarehouseSettings[shipbob.SettingURL] = *warehouseURL
		}
		if *warehouseQuantity != "" {
			req.WarehouseSettings[shipbob.SettingQuantity] = *warehouseQuantity
		}
	default:
		return e.fail(exitUsage, fmt.Errorf("unknown warehouse %q: use demo, csv:PATH, csv:https://URL, csv:sftp://user@host/path or shipbob", *warehouse))
	}

	switch *store {
	case "demo":
		req.StoreKind = "demo"
		if *demoLatency > 0 {
			req.StoreSettings["latencyMs"] = fmt.Sprint(demoLatency.Milliseconds())
		}
		if *demoFail != "" {
			req.StoreSettings["failSkus"] = *demoFail
		}
	case "shopify":
		req.StoreKind = "shopify"
		req.StoreSettings["shop"] = *storeURL
		if *storeLocation != "" {
			req.StoreSettings["location"] = *storeLocation
		}
		if *storeClientID != "" {
			req.StoreSettings["clientId"] = *storeClientID
		}
		if err := secret(storeClientSecret, "store-client-secret", req.StoreSecrets, "clientSecret"); err != nil {
			return e.fail(exitUsage, err)
		}
		if err := secret(storeToken, "store-token", req.StoreSecrets, "token"); err != nil {
			return e.fail(exitUsage, err)
		}
	case "woocommerce":
		req.StoreKind = "woocommerce"
		req.StoreSettings["url"] = *storeURL
		storeLimits.into(req.StoreSettings)
		for _, s := range []struct {
			f         *secretFlag
			flag, key string
		}{{storeKey, "store-key", "key"}, {storeSecret, "store-secret", "secret"}} {
			if err := secret(s.f, s.flag, req.StoreSecrets, s.key); err != nil {
				return e.fail(exitUsage, err)
			}
		}
	default:
		return e.fail(exitUsage, fmt.Errorf("unknown store %q: use demo, shopify or woocommerce", *store))
	}

	if len(warehouseLimits.values) > 0 && req.WarehouseKind != csvfeed.Kind {
		return e.fail(exitUsage, fmt.Errorf("--warehouse-limit applies to a csv: warehouse only"))
	}
	if len(storeLimits.values) > 0 && req.StoreKind != woocommerce.Kind {
		return e.fail(exitUsage, fmt.Errorf("--store-limit applies to a woocommerce store only"))
	}
	if err := e.open(); err != nil {
		return e.fail(exitFailed, err)
	}
	defer e.close()
	svc := services.NewConnectionService(e.core)
	if strings.HasPrefix(req.WarehouseSettings["source"], "sftp://") {
		if code, ok := checkHostKey(e, svc, req, *acceptHostKey); !ok {
			return code
		}
	}
	conn, err := svc.Create(req)
	if err != nil {
		return e.fail(exitFailed, err)
	}
	if *noSchedule {
		if _, err := svc.SetSchedule(conn.ID, types.ScheduleInput{Enabled: false, IntervalMinutes: conn.Schedule.IntervalMinutes, AutoMode: conn.Schedule.AutoMode}); err != nil {
			return e.fail(exitFailed, err)
		}
		conn.Schedule.Enabled = false
	}
	if *asJSON {
		return printJSON(e, conn)
	}
	fmt.Fprintf(e.stdout, "Added %s: %s -> %s. Run its first Full Sync with:\n  shelfsync sync --connection %q --mode full\n", term(conn.Name), term(conn.Warehouse.Label), term(conn.Store.Label), conn.Name)
	return exitOK
}

func connectionList(e *env, args []string) int {
	fs := newFlags(e, "connection list", "connection list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if err := e.open(); err != nil {
		return e.fail(exitFailed, err)
	}
	defer e.close()
	conns, err := services.NewConnectionService(e.core).List()
	if err != nil {
		return e.fail(exitFailed, err)
	}
	if *asJSON {
		return printJSON(e, conns)
	}
	if len(conns) == 0 {
		fmt.Fprintln(e.stdout, "No connections yet. Add one with: shelfsync connection add --help")
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tWAREHOUSE\tSTORE\tAUTOMATIC\tLAST RUN")
	for _, c := range conns {
		auto := "off"
		if c.Schedule.Enabled {
			auto = fmt.Sprintf("%s every %d min", c.Schedule.AutoMode, c.Schedule.IntervalMinutes)
		}
		last := "never"
		if c.LastRun != nil {
			last = fmt.Sprintf("%s %s %s, %d pushed, %d failed", c.LastRun.StartedAt.Local().Format("2006-01-02 15:04"), c.LastRun.ModeRun, c.LastRun.Status, c.LastRun.Counts.Pushed, c.LastRun.Counts.Failed)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", term(c.Name), term(c.Warehouse.Label), term(c.Store.Label), auto, last)
	}
	tw.Flush()
	return exitOK
}

func connectionRemove(e *env, args []string) int {
	fs := newFlags(e, "connection remove", "connection remove --name NAME")
	name := fs.String("name", "", "the connection to remove (required)")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if *name == "" {
		fmt.Fprintln(e.stderr, "shelfsync connection remove: --name is required.")
		return exitUsage
	}
	if err := e.open(); err != nil {
		return e.fail(exitFailed, err)
	}
	defer e.close()
	svc := services.NewConnectionService(e.core)
	conn, err := svc.ByName(*name)
	if err != nil {
		return e.fail(exitRefused, err)
	}
	if err := svc.Delete(conn.ID); err != nil {
		return e.fail(exitFailed, err)
	}
	fmt.Fprintf(e.stdout, "Removed %s with its history.\n", term(conn.Name))
	return exitOK
}

func printJSON(e *env, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return e.fail(exitFailed, err)
	}
	return exitOK
}

// checkHostKey makes sure an SFTP server's host key is known before the
// connection is saved: on first use the user must pass the fingerprint they
// checked, never a blind trust.
func checkHostKey(e *env, svc *services.ConnectionService, req types.NewConnection, accepted string) (int, bool) {
	report, err := svc.Test(req)
	if err != nil {
		return e.fail(exitFailed, err), false
	}
	fp := report.Warehouse.HostKeyFingerprint
	if fp == "" {
		return 0, true
	}
	if accepted != fp {
		fmt.Fprintf(e.stderr, "shelfsync: the SFTP server's host key is not known yet; its fingerprint is %s. If your provider shows the same, run the command again with --accept-host-key %s.\n", fp, fp)
		return exitRefused, false
	}
	if err := svc.TrustHostKey(fp); err != nil {
		return e.fail(exitFailed, err), false
	}
	fmt.Fprintf(e.stdout, "Trusted the SFTP server's host key %s.\n", fp)
	return 0, true
}
