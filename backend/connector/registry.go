package connector

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Each connector package describes itself once, in a Description it
// registers (litestream's replica clients do the same): the Add connection
// wizard draws its fields, the CLI makes its --warehouse-…/--store-… flags,
// Test connection and the services open it, all from that description.
// Adding a connector is its own package plus one line in connector/all.

// Side is the side of a connection a connector serves.
type Side string

const (
	SideWarehouse Side = "warehouse"
	SideStore     Side = "store"
)

// Field is one input a connector needs.
type Field struct {
	// Key names the value in Config.Settings, or Config.Secrets when Secret.
	Key         string
	Label       string
	Placeholder string
	Help        string
	// Secret values go to the OS keyring, never the database, the log or
	// the diagnostics; the CLI also takes them from an environment
	// variable (--store-token-env NAME).
	Secret   bool
	Required bool
	// Flag is the CLI flag after the side ("url" makes --store-url);
	// empty means the key in kebab case. Kinds of a side that ask for the
	// same thing share a flag (Shopify's shop and WooCommerce's site URL).
	Flag string
	// Aliases are older CLI flag names still accepted, whole (--pattern).
	Aliases []string
	// FromFile says the CLI flag names a file whose content is the value
	// (an SFTP private key).
	FromFile bool
	// Hidden fields are left out of the wizard: knobs for trying things
	// from the command line (the demo store's latency).
	Hidden bool
	// Masked fields hold an address a token may be pasted into
	// (…/inv.csv?token=…): lists, labels and JSON show it with its query
	// and password masked (MaskAddress).
	Masked bool
	// Advanced fields are rarely changed: the wizard keeps them under
	// "More options" unless they hold a value.
	Advanced bool
	// ShownWhen, when set, asks for the field only while another field
	// says it applies (an SFTP password only for an sftp:// source).
	ShownWhen ShownWhen
	// Kind says what the value is when more than text, so the window can
	// help enter it (a file dialog for FieldLocalPath).
	Kind FieldKind
	// Validate checks a value that is not empty, before a connection is
	// tested or saved; nil accepts any. Its error is a sentence naming the
	// field (WebAddress for a web address).
	Validate func(value string) error
}

// FieldKind is what a field's value is, beyond text the merchant types.
type FieldKind string

const (
	// FieldText is typed text: the zero value.
	FieldText FieldKind = ""
	// FieldLocalPath is a file on this computer, or an address
	// (scheme://…) in its place: the desktop window offers its Open
	// dialog while the value is not an address.
	FieldLocalPath FieldKind = "local file path"
)

// NamePart is the part of a field's value that names a configured side.
type NamePart string

const (
	// NameWhole is the whole value, trimmed: the zero value.
	NameWhole NamePart = ""
	// NameFile is the last segment of a path or address, its query left
	// out: inventory.csv of /srv/feeds/inventory.csv or https://…/inventory.csv?v=2.
	NameFile NamePart = "file"
	// NameSubdomain is the host's first label: acme of acme.myshopify.com.
	NameSubdomain NamePart = "subdomain"
	// NameHost is the host: shop.example.com of https://shop.example.com/shop.
	NameHost NamePart = "host"
)

// ShortName says what the merchant calls a configured side, for the name
// the wizard suggests for a connection ("inventory.csv → acme (Shopify)"):
// Part of Field's value written into Format where it says {}. With Field
// empty, or its value, the side is called Empty, or the kind's Label.
type ShortName struct {
	Field  string
	Part   NamePart
	Format string // "{} (Shopify)"; empty writes the part alone
	Empty  string // "Warehouse CSV"; empty uses the kind's Label
}

// ShownWhen is a condition on another field of the same kind: its value
// starts with one of Prefixes, case aside. The zero value always holds.
type ShownWhen struct {
	Field    string
	Prefixes []string
}

// Holds reports whether the condition holds for these values.
func (w ShownWhen) Holds(values map[string]string) bool {
	if w.Field == "" {
		return true
	}
	v := strings.ToLower(strings.TrimSpace(values[w.Field]))
	for _, p := range w.Prefixes {
		if strings.HasPrefix(v, strings.ToLower(p)) {
			return true
		}
	}
	return false
}

// FlagName is the field's CLI flag on a side, without dashes.
func (f Field) FlagName(side Side) string {
	name := f.Flag
	if name == "" {
		name = kebab(f.Key)
	}
	return string(side) + "-" + name
}

// Limit is one bound a connector keeps on a read (a feed's rows, a store's
// pages), so a runaway source cannot exhaust the machine; a catalogue
// really that big raises it with the setting Key, a whole number from LimitMin to LimitMax (Value).
// A read that passes it stops with a LimitError naming Key.
type Limit struct {
	Key     string
	Default int64
	// Unit is what Default counts, for help texts: "rows", "MB unpacked".
	Unit string
}

// Env is what the app lends a connector it opens.
type Env struct {
	// Now is the app's clock (a fake one in tests and the simulation).
	Now func() time.Time
}

// Description is everything the app knows about one connector kind.
type Description struct {
	Kind  string
	Side  Side
	Label string // what the wizard lists: "CSV feed (file, HTTPS or SFTP)"
	// Fields the connector reads, in the order the wizard shows them.
	Fields []Field
	// ArgField is the field that `--warehouse KIND:VALUE` fills on the
	// command line (csv:/path/inv.csv fills the source); empty for none.
	ArgField string
	// Limits are the read limits the connector keeps, raised by settings
	// (the CLI's --warehouse-limit / --store-limit KEY=VALUE).
	Limits []Limit
	// Check, when set, validates what no single field's Required can say
	// (Shopify takes an app's client ID and secret, or a legacy token).
	Check func(settings, secrets map[string]string) error
	// Describe names a configured side for lists ("CSV: /path/inv.csv");
	// nil uses Label.
	Describe func(settings map[string]string) string
	// ShortName is what the wizard calls a configured side in the name it
	// suggests; the zero value calls it Label.
	ShortName ShortName
	// OpenWarehouse (for the warehouse side) or OpenStore (for the store
	// side) builds the connector; its Test method is Test connection.
	OpenWarehouse func(cfg Config, env Env) (Warehouse, error)
	OpenStore     func(cfg Config, env Env) (Store, error)
}

// Name is what lists show for a side configured with these settings.
func (d Description) Name(settings map[string]string) string {
	if d.Describe != nil {
		return d.Describe(settings)
	}
	return d.Label
}

// Limit returns the read limit with this key.
func (d Description) Limit(key string) (Limit, bool) {
	for _, l := range d.Limits {
		if l.Key == key {
			return l, true
		}
	}
	return Limit{}, false
}

// Field returns the field with this key.
func (d Description) Field(key string) (Field, bool) {
	for _, f := range d.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

func (d Description) hasField(key string) bool {
	_, ok := d.Field(key)
	return ok
}

// registry holds the descriptions registered at start (each connector
// package's init) and, in tests, kinds made up for the test.
var registry struct {
	sync.RWMutex
	kinds []Description
}

// Register adds a connector kind. It panics on a description that cannot
// work (no opener for its side, a duplicate kind), as a programming error
// found at start.
func Register(d Description) {
	if err := d.check(); err != nil {
		panic(err)
	}
	registry.Lock()
	defer registry.Unlock()
	for _, k := range registry.kinds {
		if k.Side == d.Side && k.Kind == d.Kind {
			panic(fmt.Sprintf("connector: %s kind %q registered twice", d.Side, d.Kind))
		}
	}
	registry.kinds = append(registry.kinds, d)
}

func (d Description) check() error {
	switch {
	case d.Kind == "" || d.Label == "":
		return fmt.Errorf("connector: a description needs a kind and a label: %+v", d)
	case d.Side == SideWarehouse && d.OpenWarehouse == nil, d.Side == SideStore && d.OpenStore == nil:
		return fmt.Errorf("connector: %s kind %q has no opener", d.Side, d.Kind)
	case d.Side != SideWarehouse && d.Side != SideStore:
		return fmt.Errorf("connector: kind %q has no side", d.Kind)
	case d.ShortName.Field != "" && !d.hasField(d.ShortName.Field):
		return fmt.Errorf("connector: kind %q is short-named after a field it does not have: %q", d.Kind, d.ShortName.Field)
	case d.ShortName.Format != "" && strings.Count(d.ShortName.Format, "{}") != 1:
		return fmt.Errorf("connector: kind %q's short name format %q must hold {} once", d.Kind, d.ShortName.Format)
	}
	return nil
}

// Kinds lists a side's kinds by label, as the wizard offers them.
func Kinds(side Side) []Description {
	registry.RLock()
	defer registry.RUnlock()
	var out []Description
	for _, k := range registry.kinds {
		if k.Side == side {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b Description) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// Lookup finds a side's kind.
func Lookup(side Side, kind string) (Description, bool) {
	for _, k := range Kinds(side) {
		if k.Kind == kind {
			return k, true
		}
	}
	return Description{}, false
}

// KindNames lists a side's kinds for a sentence: "csv, demo, shipbob".
func KindNames(side Side) string {
	var names []string
	for _, k := range Kinds(side) {
		names = append(names, k.Kind)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// OpenWarehouse opens a warehouse of a registered kind.
func OpenWarehouse(cfg Config, env Env) (Warehouse, error) {
	d, ok := Lookup(SideWarehouse, cfg.Kind)
	if !ok {
		return nil, fmt.Errorf("unknown warehouse kind %q (known: %s)", cfg.Kind, KindNames(SideWarehouse))
	}
	return d.OpenWarehouse(cfg, env)
}

// OpenStore opens a store of a registered kind.
func OpenStore(cfg Config, env Env) (Store, error) {
	d, ok := Lookup(SideStore, cfg.Kind)
	if !ok {
		return nil, fmt.Errorf("unknown store kind %q (known: %s)", cfg.Kind, KindNames(SideStore))
	}
	return d.OpenStore(cfg, env)
}

// kebab turns a settings key into a flag word: privateKey -> private-key.
func kebab(key string) string {
	var b strings.Builder
	for i, r := range key {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
