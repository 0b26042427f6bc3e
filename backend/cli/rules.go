package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/storage"
)

// runRules shows or changes a connection's quantity rules and the safety
// limits of its circuit breaker.
func runRules(e *env, args []string) int {
	fs := newFlags(e, "rules", "rules --connection NAME [--buffer N] [--cap N] [--zero-below N] [--missing leave|zero] [--drift repair|flag] [--map WAREHOUSE_SKU=STORE_SKU] [--mapping-csv FILE] [--zero-limit PERCENT] [--shrink-limit PERCENT] [--deadline DURATION] [--json]")
	name := fs.String("connection", "", "the connection (required)")
	buffer := fs.Int("buffer", 0, "safety stock held back from the store")
	capQty := fs.Int("cap", 0, "most ever published (0: no cap)")
	zeroBelow := fs.Int("zero-below", 0, "publish 0 when the quantity after the buffer is below this")
	zeroLimit := fs.Int("zero-limit", 0, fmt.Sprintf("hold a run that would set more than this %% of SKUs to zero (0: the default, %d%%)", engine.DefaultZeroShareLimit))
	var maps []string
	fs.Func("map", "feed the store listing STORE_SKU from WAREHOUSE_SKU (WAREHOUSE_SKU= removes it); repeatable", func(v string) error {
		if !strings.Contains(v, "=") {
			return fmt.Errorf("--map takes WAREHOUSE_SKU=STORE_SKU, not %q", v)
		}
		maps = append(maps, v)
		return nil
	})
	mappingCSV := fs.String("mapping-csv", "", "add the mapping rows of a two-column CSV file (warehouse SKU, store SKU)")
	drift := fs.String("drift", "", "when the store drifts from the published quantity: repair (on the next Smart Sync, the default) or flag (only show it)")
	missing := fs.String("missing", "", "SKUs missing from the warehouse: leave (as they are, the default) or zero (set to 0)")
	shrinkLimit := fs.Int("shrink-limit", 0, fmt.Sprintf("hold a run whose warehouse feed shrank by more than this %% (0: the default, %d%%)", engine.DefaultShrinkLimit))
	deadline := fs.Duration("deadline", 0, fmt.Sprintf("stop a sync still running after this long, naming the step it was in (whole minutes, e.g. 8h; 0: the default, %s)", engine.DefaultRunDeadline))
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	conn, code, ok := e.openConnection("rules", *name)
	if !ok {
		return code
	}
	defer e.close()
	svc := e.svc.Connections
	if set["buffer"] || set["cap"] || set["zero-below"] || set["missing"] || set["map"] || set["drift"] {
		rules := conn.Rules
		if set["drift"] {
			rules.Drift = *drift
		}
		if set["map"] {
			mapping := make(map[string]string, len(rules.Mapping)+len(maps))
			for k, v := range rules.Mapping {
				mapping[k] = v
			}
			for _, m := range maps {
				from, to, _ := strings.Cut(m, "=") // checked when parsed
				if to = strings.TrimSpace(to); to == "" {
					delete(mapping, strings.TrimSpace(from))
				} else {
					mapping[strings.TrimSpace(from)] = to
				}
			}
			rules.Mapping = mapping
		}
		if set["missing"] {
			rules.MissingSKUs = *missing
		}
		if set["buffer"] {
			rules.Buffer = *buffer
		}
		if set["cap"] {
			rules.Cap = *capQty
		}
		if set["zero-below"] {
			rules.ZeroBelow = *zeroBelow
		}
		if _, err := svc.SetRules(conn.ID, rules); err != nil {
			return e.fail(exitUsage, err)
		}
	}
	if *mappingCSV != "" {
		text, err := os.ReadFile(*mappingCSV)
		if err != nil {
			return e.fail(exitUsage, fmt.Errorf("read the mapping file: %w", err))
		}
		n, err := svc.ImportMapping(conn.ID, string(text))
		if err != nil {
			return e.fail(exitUsage, err)
		}
		fmt.Fprintf(e.stdout, "Imported %d mapping rows.\n", n)
	}
	if set["zero-limit"] || set["shrink-limit"] {
		stored, err := e.core.StoredRules(conn.ID)
		if err != nil {
			return e.fail(exitFailed, err)
		}
		zero, shrink := stored.ZeroShareLimit, stored.ShrinkLimit
		if set["zero-limit"] {
			zero = *zeroLimit
		}
		if set["shrink-limit"] {
			shrink = *shrinkLimit
		}
		if _, err := svc.SetSafetyLimits(conn.ID, zero, shrink); err != nil {
			return e.fail(exitUsage, err)
		}
	}

	if set["deadline"] {
		if *deadline%time.Minute != 0 {
			return e.fail(exitUsage, fmt.Errorf("--deadline must be whole minutes, e.g. 90m or 8h"))
		}
		if _, err := svc.SetRunDeadline(conn.ID, int(*deadline/time.Minute)); err != nil {
			return e.fail(exitUsage, err)
		}
	}

	r, err := e.core.StoredRules(conn.ID)
	if err != nil {
		return e.fail(exitFailed, err)
	}
	runDeadline := engine.DefaultRunDeadline
	if r.RunDeadlineMinutes > 0 {
		runDeadline = time.Duration(r.RunDeadlineMinutes) * time.Minute
	}
	zero, shrink := r.ZeroShareLimit, r.ShrinkLimit
	if zero == 0 {
		zero = engine.DefaultZeroShareLimit
	}
	if shrink == 0 {
		shrink = engine.DefaultShrinkLimit
	}
	if *asJSON {
		return printJSON(e, struct {
			Connection     string            `json:"connection"`
			Buffer         int               `json:"buffer"`
			Cap            int               `json:"cap"`
			ZeroBelow      int               `json:"zeroBelow"`
			IgnoredSKU     []string          `json:"ignoredSkus"`
			Mapping        map[string]string `json:"mapping"`
			ZeroShareLimit int               `json:"zeroShareLimit"`
			ShrinkLimit    int               `json:"shrinkLimit"`
			MissingSKUs    string            `json:"missingSkus"`
			DeadlineMin    int               `json:"runDeadlineMinutes"`
		}{conn.Name, r.Buffer, r.Cap, r.ZeroBelow, nonNil(r.IgnoredSKU), r.Mapping, zero, shrink, missingWord(r.MissingSKUs), int(runDeadline / time.Minute)})
	}
	capText := "no cap"
	if r.Cap > 0 {
		capText = fmt.Sprintf("cap %d", r.Cap)
	}
	fmt.Fprintf(e.stdout, "%s: buffer %d, %s, 0 below %d, %d ignored, %d mapped SKUs.\n", term(conn.Name), r.Buffer, capText, r.ZeroBelow, len(r.IgnoredSKU), len(r.Mapping))
	if missingWord(r.MissingSKUs) == storage.MissingZero {
		fmt.Fprintln(e.stdout, "SKUs missing from the warehouse are set to 0 in the store.")
	} else {
		fmt.Fprintln(e.stdout, "SKUs missing from the warehouse are left as they are in the store (shelfsync rules --missing zero sets them to 0).")
	}
	fmt.Fprintf(e.stdout, "Safety limits: a sync that would set more than %d%% of SKUs to zero, or whose warehouse feed shrank by more than %d%%, is held until you confirm it (shelfsync sync --yes). A sync still running after %s is stopped.\n", zero, shrink, runDeadline)
	return exitOK
}

func missingWord(s string) string {
	if s == "" {
		return storage.MissingLeave
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
