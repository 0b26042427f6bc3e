package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"shelfsync/backend/types"
)

const bundlesSynopsis = "bundles --connection NAME list|import FILE|remove SKU [--json]"

// runBundles lists, imports or removes a connection's bundles (kits).
func runBundles(e *env, args []string) int {
	fs := newFlags(e, "bundles", bundlesSynopsis)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, `Usage: shelfsync %s

  list           the bundles, what each makes now and which component limits it
  import FILE    a CSV of bundle_sku,component_sku,qty lines (a header row is fine);
                 each bundle in the file gets exactly the components it lists there,
                 bundles not in the file are kept
  remove SKU     the bundle with that SKU; its store listing keeps its last quantity

A bundle publishes the fewest whole bundles its components make, after the
connection's rules. Options:
`, bundlesSynopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	name := fs.String("connection", "", "the connection (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	words, code, ok := parseWords(e, fs, args)
	if !ok {
		return code
	}
	want := map[string]int{"list": 1, "import": 2, "remove": 2}
	if len(words) == 0 || want[words[0]] == 0 || len(words) != want[words[0]] {
		fmt.Fprintf(e.stderr, "shelfsync bundles: say list, import FILE or remove SKU. Run shelfsync bundles --help.\n")
		return exitUsage
	}
	conn, code, ok := e.openConnection("bundles", *name)
	if !ok {
		return code
	}
	defer e.close()
	svc := e.svc.Bundles

	switch words[0] {
	case "import":
		text, err := os.ReadFile(words[1])
		if err != nil {
			return e.fail(exitUsage, fmt.Errorf("read the bundles file: %w", err))
		}
		res, err := svc.Import(conn.ID, string(text))
		if err != nil {
			return e.fail(exitUsage, err)
		}
		if *asJSON {
			return printJSON(e, res)
		}
		fmt.Fprintf(e.stdout, "Imported %d %s (%d component lines). The next sync publishes them.\n", res.Bundles, pluralWord(res.Bundles, "bundle"), res.Components)
		return exitOK
	case "remove":
		if _, err := svc.Remove(conn.ID, words[1]); err != nil {
			return e.fail(exitUsage, err)
		}
		if *asJSON {
			return printJSON(e, struct {
				Removed string `json:"removed"`
			}{words[1]})
		}
		fmt.Fprintf(e.stdout, "Removed bundle %s; its store listing keeps its last quantity.\n", term(words[1]))
		return exitOK
	}
	list, err := svc.List(conn.ID)
	if err != nil {
		return e.fail(exitFailed, err)
	}
	if *asJSON {
		return printJSON(e, list)
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "%s has no bundles. Import them with shelfsync bundles --connection %s import FILE.\n", term(conn.Name), term(conn.Name))
		return exitOK
	}
	for _, b := range list {
		makes := "makes none now"
		if b.Makes != nil {
			makes = fmt.Sprintf("makes %d", *b.Makes)
		}
		fmt.Fprintf(e.stdout, "%s = %s  %s (%s)\n", term(b.SKU), term(recipe(b)), makes, term(b.Note))
	}
	return exitOK
}

// recipe writes a bundle's components as "2 x MUG + 1 x TEA".
func recipe(b types.Bundle) string {
	parts := make([]string, len(b.Components))
	for i, c := range b.Components {
		parts[i] = fmt.Sprintf("%d x %s", c.Qty, c.SKU)
	}
	return strings.Join(parts, " + ")
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// parseWords parses flags placed anywhere among a command's words
// ("--connection Shop import FILE --json") and returns the words.
func parseWords(e *env, fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var words []string
	for {
		fs.SetOutput(io.Discard)
		err := fs.Parse(args)
		fs.SetOutput(e.stderr)
		if errors.Is(err, flag.ErrHelp) { // the flag package printed the usage
			return nil, exitOK, false
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "shelfsync %s: %s Run shelfsync %s --help.\n", fs.Name(), sentence(err.Error()), fs.Name())
			return nil, exitUsage, false
		}
		if fs.NArg() == 0 {
			return words, 0, true
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
