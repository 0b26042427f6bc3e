package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"shelfsync/backend/connector"
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
	warehouses, stores := kindSynopsis(connector.SideWarehouse), kindSynopsis(connector.SideStore)
	fs := newFlags(e, "connection add", "connection add --name NAME --warehouse "+warehouses+" --store "+stores+" [options]")
	name := fs.String("name", "", "the connection's name (required)")
	warehouse := fs.String("warehouse", "", "the warehouse kind, "+warehouses+" (required)")
	store := fs.String("store", "", "the store kind, "+stores+" (required)")
	sides := addKindFlags(fs)
	acceptHostKey := fs.String("accept-host-key", "", "the SFTP server's key fingerprint (SHA256:…) you checked with your provider, to trust it on first use")
	limits := addLimitFlags(fs)
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
	var chosen []connector.Description
	for _, side := range []struct {
		side              connector.Side
		flag, synopsis    string
		kind              *string
		settings, secrets map[string]string
	}{
		{connector.SideWarehouse, *warehouse, warehouses, &req.WarehouseKind, req.WarehouseSettings, req.WarehouseSecrets},
		{connector.SideStore, *store, stores, &req.StoreKind, req.StoreSettings, req.StoreSecrets},
	} {
		kind, arg, hasArg := strings.Cut(side.flag, ":")
		d, ok := connector.Lookup(side.side, kind)
		if !ok {
			return e.fail(exitUsage, fmt.Errorf("unknown %s %q: use %s", side.side, side.flag, side.synopsis))
		}
		if hasArg {
			if d.ArgField == "" || arg == "" {
				return e.fail(exitUsage, fmt.Errorf("--%s %s: use %s", side.side, side.flag, side.synopsis))
			}
			side.settings[d.ArgField] = arg
		}
		if err := sides.fill(d, side.settings, side.secrets); err != nil {
			return e.fail(exitUsage, err)
		}
		if err := limits[side.side].into(d, side.settings); err != nil {
			return e.fail(exitUsage, err)
		}
		*side.kind = d.Kind
		chosen = append(chosen, d)
	}
	if stray := sides.unused(fs, chosen...); stray != "" {
		return e.fail(exitUsage, fmt.Errorf("--%s is not an option of a %s warehouse or a %s store", stray, req.WarehouseKind, req.StoreKind))
	}

	if err := e.open(); err != nil {
		return e.fail(exitFailed, err)
	}
	defer e.close()
	svc := e.svc.Connections
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
	conns, err := e.svc.Connections.List()
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
	svc := e.svc.Connections
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
