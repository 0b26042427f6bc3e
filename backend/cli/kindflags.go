package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"shelfsync/backend/connector"
)

// The options of `connection add` that configure a side (--store-url,
// --warehouse-token, --warehouse-token-env…) are made from the registered
// connector descriptions, so a connector's fields are written once, in its
// package.

// kindFlag is one generated option; kinds of a side that ask for the same
// thing share it.
type kindFlag struct {
	name     string
	value    string
	secret   *secretFlag // set for secrets, which also take -env
	fromFile bool
}

// kindFlags are every generated option of both sides, by flag name.
type kindFlags map[string]*kindFlag

func addKindFlags(fs *flag.FlagSet) kindFlags {
	flags := kindFlags{}
	type use struct {
		kind  string
		field connector.Field
	}
	for _, side := range []connector.Side{connector.SideWarehouse, connector.SideStore} {
		uses := map[string][]use{}
		var order []string
		for _, d := range connector.Kinds(side) {
			for _, f := range d.Fields {
				name := f.FlagName(side)
				if _, seen := uses[name]; !seen {
					order = append(order, name)
				}
				uses[name] = append(uses[name], use{d.Kind, f})
			}
		}
		slices.Sort(order)
		for _, name := range order {
			var help []string
			kf := &kindFlag{name: name}
			var aliases []string
			for _, u := range uses[name] {
				h := u.kind + ": " + u.field.Label
				if u.field.FromFile {
					h += " (a file holding it)"
				}
				help = append(help, h)
				kf.fromFile = kf.fromFile || u.field.FromFile
				if u.field.Secret && !u.field.FromFile {
					kf.secret = &secretFlag{}
				}
				aliases = append(aliases, u.field.Aliases...)
			}
			text := strings.Join(help, "; ")
			if kf.secret != nil {
				fs.StringVar(&kf.secret.value, name, "", text)
				fs.StringVar(&kf.secret.envVar, name+"-env", "", "read --"+name+" from this environment variable (kept out of shell history)")
			} else {
				fs.StringVar(&kf.value, name, "", text)
			}
			for _, alias := range aliases {
				target := &kf.value
				if kf.secret != nil {
					target = &kf.secret.value
				}
				fs.StringVar(target, alias, "", "the same as --"+name)
			}
			flags[name] = kf
		}
	}
	return flags
}

// get reads an option's value: as given, from its environment variable, or
// from the file it names.
func (kf *kindFlag) get() (string, error) {
	if kf.secret != nil {
		return kf.secret.get(kf.name)
	}
	if kf.fromFile && kf.value != "" {
		text, err := readSmallFile(kf.value)
		if err != nil {
			return "", fmt.Errorf("read the file of --%s: %w", kf.name, err)
		}
		return text, nil
	}
	return kf.value, nil
}

// fill puts the options of a kind's fields into its settings and secrets.
func (flags kindFlags) fill(d connector.Description, settings, secrets map[string]string) error {
	for _, f := range d.Fields {
		kf := flags[f.FlagName(d.Side)]
		if kf == nil {
			continue
		}
		v, err := kf.get()
		if err != nil {
			return err
		}
		if v == "" {
			continue
		}
		if f.Secret {
			secrets[f.Key] = v
		} else {
			settings[f.Key] = v
		}
	}
	return nil
}

// unused names an option that was given but that neither chosen kind reads,
// so a typo'd kind or a misplaced option is said, not ignored.
func (flags kindFlags) unused(fs *flag.FlagSet, chosen ...connector.Description) string {
	used := map[string]bool{}
	for _, d := range chosen {
		for _, f := range d.Fields {
			name := f.FlagName(d.Side)
			used[name], used[name+"-env"] = true, true
			for _, a := range f.Aliases {
				used[a] = true
			}
		}
	}
	var stray string
	fs.Visit(func(fl *flag.Flag) {
		_, generated := flags[strings.TrimSuffix(fl.Name, "-env")]
		if generated && !used[fl.Name] && stray == "" {
			stray = fl.Name
		}
	})
	return stray
}

// kindSynopsis is how --warehouse or --store is written: demo|csv:SOURCE|….
func kindSynopsis(side connector.Side) string {
	var out []string
	for _, d := range connector.Kinds(side) {
		s := d.Kind
		if d.ArgField != "" {
			s += ":" + strings.ToUpper(d.ArgField)
		}
		out = append(out, s)
	}
	return strings.Join(out, "|")
}
