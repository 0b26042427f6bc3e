package cli

import (
	"fmt"
	"strings"

	"shelfsync/backend/types"
)

const locationsSynopsis = `locations --connection NAME [--json] [list | set LOCATION [FACILITY…] | reset]

  list                      the store's locations, the warehouse's facilities, and which feed which
  set LOCATION FACILITY…    these facilities feed LOCATION (their quantities summed); with none,
                            LOCATION is not written. LOCATION and FACILITY are ids or names;
                            "primary" is the store's primary location, "*" the whole warehouse
  reset                     back to the default: every facility feeds the primary location`

// runLocations shows and changes a connection's location map.
func runLocations(e *env, args []string) int {
	fs := newFlags(e, "locations", locationsSynopsis)
	name := fs.String("connection", "", "the connection (required)")
	asJSON := fs.Bool("json", false, "print the map as JSON")
	flags, words := splitFlags(args, map[string]bool{"connection": true})
	if code, ok := parse(e, fs, flags); !ok {
		return code
	}
	action := "list"
	if len(words) > 0 {
		action, words = words[0], words[1:]
	}
	switch {
	case action == "list" && len(words) == 0, action == "reset" && len(words) == 0, action == "set" && len(words) >= 1:
	default:
		fmt.Fprintf(e.stderr, "shelfsync locations: %q is not list, set LOCATION FACILITY… or reset. Run shelfsync locations --help.\n", strings.Join(append([]string{action}, words...), " "))
		return exitUsage
	}
	conn, code, ok := e.openConnection("locations", *name)
	if !ok {
		return code
	}
	defer e.close()
	svc := e.svc.Locations
	var m types.LocationMap
	var err error
	switch action {
	case "list":
		m, err = svc.Map(conn.ID)
	case "reset":
		m, err = svc.Reset(conn.ID)
	case "set":
		m, err = svc.SetFeed(conn.ID, words[0], words[1:])
	}
	if err != nil {
		return e.fail(exitRefused, err)
	}
	if *asJSON {
		return printJSON(e, m)
	}
	printLocationMap(e, conn.Name, m)
	return exitOK
}

func printLocationMap(e *env, connection string, m types.LocationMap) {
	facilityName := map[string]string{"*": "the whole warehouse"}
	for _, f := range m.Facilities {
		facilityName[f.ID] = f.Name
	}
	how := "its own location map"
	if m.Default {
		how = "the default map: every facility feeds the primary location"
	}
	fmt.Fprintf(e.stdout, "%s uses %s.\n\n", term(connection), how)
	for i, l := range m.Locations {
		label := l.Name
		if l.ID != "" {
			label = fmt.Sprintf("%s (%s)", l.ID, l.Name)
		}
		if l.Primary {
			label += ", primary"
		}
		var fed []string
		for _, f := range m.Feeds[i].Facilities {
			fed = append(fed, facilityName[f])
		}
		from := "not written"
		if len(fed) > 0 {
			from = "fed by " + strings.Join(fed, " + ")
		}
		fmt.Fprintf(e.stdout, "  %-36s %s\n", term(label), term(from))
	}
	fmt.Fprintf(e.stdout, "\nWarehouse facilities:")
	for _, f := range m.Facilities {
		label := f.ID
		if f.Name != f.ID {
			label = fmt.Sprintf("%s (%s)", f.ID, f.Name)
		}
		fmt.Fprintf(e.stdout, " %s", term(label))
	}
	fmt.Fprintln(e.stdout)
}

// splitFlags moves the flags out of args, wherever they stand, so that
// `locations set shop east --json` reads like `locations --json set shop
// east`; valued names the flags that take the next word as their value.
func splitFlags(args []string, valued map[string]bool) (flags, words []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(words, args[i+1:]...)
		}
		if !strings.HasPrefix(a, "-") || a == "-" || a == "*" {
			words = append(words, a)
			continue
		}
		flags = append(flags, a)
		key := strings.TrimLeft(a, "-")
		if valued[key] && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return flags, words
}
