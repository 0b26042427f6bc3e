package types

// The window's TypeScript types (frontend/src/bridge/types.ts) are generated
// from this package's Go declarations, so a DTO field or a named value
// written here is the only copy. This test fails when the committed file is
// not what the Go source generates; `make types` (go test -run
// TestTypeScriptTypesAreCurrent -update) rewrites it.

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite frontend/src/bridge/types.ts from the Go source")

const tsPath = "../../frontend/src/bridge/types.ts"

func TestTypeScriptTypesAreCurrent(t *testing.T) {
	got, err := generateTypeScript(".", "../inventory", "../connector")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(tsPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(tsPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not what backend/types generates; run `make types` and commit it", tsPath)
	}
}

// The Go lists of named values must hold every constant of their type, as
// the generated TypeScript lists do.
func TestValueListsHoldEveryConstant(t *testing.T) {
	g, err := parseGo(".", "../inventory", "../connector")
	if err != nil {
		t.Fatal(err)
	}
	for name, list := range map[string]any{"ItemState": ItemStates, "RunStatus": RunStatuses} {
		var have []string
		v := reflect.ValueOf(list)
		for i := range v.Len() {
			have = append(have, v.Index(i).String())
		}
		if want := g.enums[name].values; !slices.Equal(have, want) {
			t.Errorf("%ss = %v, want every %s constant in order: %v", name, have, name, want)
		}
	}
}

type enum struct {
	doc    string
	values []string
	// lent marks a type of another package, generated only when this
	// package names it through an alias.
	lent bool
}

type goSource struct {
	enums      map[string]*enum
	enumOrder  []string
	aliases    map[string]string // local alias -> the enum it names
	structs    map[string]*ast.StructType
	structDocs map[string]string
	order      []string // struct names in source order
	// consts are the named values' Go names and values; lists are the
	// exported slices of named values (AttentionStates), in source order.
	consts map[string]string
	lists  []valueList
}

// valueList is an exported Go slice of named values, by their Go names.
type valueList struct {
	name, enum, doc string
	elems           []string
}

// parseGo reads the named string types with their constants, and the
// exported structs, of the first directory; the other directories lend
// named string types only (Mode lives in backend/inventory).
func parseGo(dir string, more ...string) (*goSource, error) {
	g := &goSource{enums: map[string]*enum{}, aliases: map[string]string{}, structs: map[string]*ast.StructType{}, structDocs: map[string]string{}, consts: map[string]string{}}
	for i, d := range append([]string{dir}, more...) {
		fset := token.NewFileSet()
		names, err := filepath.Glob(filepath.Join(d, "*.go"))
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
			if err != nil {
				return nil, err
			}
			g.collect(f, i > 0)
		}
	}
	return g, nil
}

func (g *goSource) collect(f *ast.File, lent bool) {
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range gd.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if !s.Name.IsExported() {
					continue
				}
				doc := docText(s.Doc, gd.Doc)
				switch typ := s.Type.(type) {
				case *ast.Ident:
					if typ.Name == "string" && s.Assign == 0 {
						g.enums[s.Name.Name] = &enum{doc: doc, lent: lent}
						g.enumOrder = append(g.enumOrder, s.Name.Name)
					}
				case *ast.SelectorExpr:
					if s.Assign != 0 {
						g.aliases[s.Name.Name] = typ.Sel.Name
					}
				case *ast.StructType:
					if !lent {
						g.structs[s.Name.Name] = typ
						g.structDocs[s.Name.Name] = doc
						g.order = append(g.order, s.Name.Name)
					}
				}
			case *ast.ValueSpec:
				if list, ok := valueListOf(gd, s, lent); ok {
					g.lists = append(g.lists, list)
					continue
				}
				id, ok := s.Type.(*ast.Ident)
				if gd.Tok != token.CONST || !ok || g.enums[id.Name] == nil {
					continue
				}
				for i, v := range s.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						value, _ := strconv.Unquote(lit.Value) // the parser accepted it as a string literal
						g.enums[id.Name].values = append(g.enums[id.Name].values, value)
						g.consts[s.Names[i].Name] = value
					}
				}
			}
		}
	}
}

// valueListOf reads `var Name = []Enum{Const, …}`; the enum is checked
// when the TypeScript is written, once every file is read.
func valueListOf(gd *ast.GenDecl, s *ast.ValueSpec, lent bool) (valueList, bool) {
	if gd.Tok != token.VAR || lent || len(s.Names) != 1 || len(s.Values) != 1 || !s.Names[0].IsExported() {
		return valueList{}, false
	}
	lit, ok := s.Values[0].(*ast.CompositeLit)
	if !ok {
		return valueList{}, false
	}
	arr, ok := lit.Type.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return valueList{}, false
	}
	elt, ok := arr.Elt.(*ast.Ident)
	if !ok {
		return valueList{}, false
	}
	list := valueList{name: s.Names[0].Name, enum: elt.Name, doc: docText(s.Doc, gd.Doc)}
	for _, e := range lit.Elts {
		id, ok := e.(*ast.Ident)
		if !ok {
			return valueList{}, false
		}
		list.elems = append(list.elems, id.Name)
	}
	return list, true
}

func docText(groups ...*ast.CommentGroup) string {
	for _, c := range groups {
		if c != nil {
			return strings.TrimSpace(c.Text())
		}
	}
	return ""
}

func generateTypeScript(dir string, more ...string) ([]byte, error) {
	g, err := parseGo(dir, more...)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("// Code generated from backend/types by `make types`; DO NOT EDIT.\n")
	b.WriteString("// Field names are the JSON contract; Go's time.Time arrives as an RFC 3339 string.\n\n")
	b.WriteString("export type ISOTime = string\n")
	// Enums reached through an alias are named as the alias names them.
	aliasOf := map[string]string{}
	for alias, target := range g.aliases {
		aliasOf[target] = alias
	}
	for _, name := range g.enumOrder {
		e := g.enums[name]
		if len(e.values) == 0 || (e.lent && aliasOf[name] == "") {
			continue
		}
		quoted := make([]string, len(e.values))
		for i, v := range e.values {
			quoted[i] = "'" + v + "'"
		}
		b.WriteString("\n")
		writeDoc(&b, "", e.doc)
		fmt.Fprintf(&b, "export type %s = %s\n", name, strings.Join(quoted, " | "))
		fmt.Fprintf(&b, "export const %sValues: readonly %s[] = [%s]\n", lowerFirst(name), name, strings.Join(quoted, ", "))
	}
	// A list of some of an enum's values (AttentionStates) keeps its Go
	// name; one of them all is the enum's own Values list above.
	for _, l := range g.lists {
		e := g.enums[l.enum]
		if e == nil {
			continue
		}
		quoted := make([]string, len(l.elems))
		values := make([]string, len(l.elems))
		for i, name := range l.elems {
			v, ok := g.consts[name]
			if !ok {
				return nil, fmt.Errorf("%s names %s, which is not a %s constant", l.name, name, l.enum)
			}
			values[i], quoted[i] = v, "'"+v+"'"
		}
		if slices.Equal(values, e.values) {
			continue
		}
		b.WriteString("\n")
		writeDoc(&b, "", l.doc)
		fmt.Fprintf(&b, "export const %s: readonly %s[] = [%s]\n", lowerFirst(l.name), l.enum, strings.Join(quoted, ", "))
	}
	for _, name := range g.order {
		b.WriteString("\n")
		writeDoc(&b, "", g.structDocs[name])
		fmt.Fprintf(&b, "export interface %s {\n", name)
		for _, field := range g.structs[name].Fields.List {
			if len(field.Names) == 0 {
				return nil, fmt.Errorf("%s embeds a struct; the generator does not flatten embedded fields", name)
			}
			ts, err := g.tsType(field.Type)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", name, field.Names[0].Name, err)
			}
			for _, n := range field.Names {
				if !n.IsExported() {
					continue
				}
				key, optional, skip := jsonName(n.Name, field.Tag)
				if skip {
					continue
				}
				writeDoc(&b, "  ", docText(field.Doc, field.Comment))
				q := ""
				if optional {
					q = "?"
				}
				fmt.Fprintf(&b, "  %s%s: %s\n", key, q, ts)
			}
		}
		b.WriteString("}\n")
	}
	return b.Bytes(), nil
}

func (g *goSource) tsType(expr ast.Expr) (string, error) {
	switch t := expr.(type) {
	case *ast.Ident:
		switch t.Name {
		case "string":
			return "string", nil
		case "bool":
			return "boolean", nil
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
			return "number", nil
		}
		if target, ok := g.aliases[t.Name]; ok && g.enums[target] != nil {
			return target, nil
		}
		if g.enums[t.Name] != nil || g.structs[t.Name] != nil {
			return t.Name, nil
		}
		return "", fmt.Errorf("no TypeScript for Go type %s", t.Name)
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok && x.Name == "time" && t.Sel.Name == "Time" {
			return "ISOTime", nil
		}
		if g.enums[t.Sel.Name] != nil {
			return t.Sel.Name, nil
		}
		return "", fmt.Errorf("no TypeScript for Go type %v.%s", t.X, t.Sel.Name)
	case *ast.StarExpr:
		inner, err := g.tsType(t.X)
		return inner + " | null", err
	case *ast.ArrayType:
		// Slices in DTOs are never nil (see nonnil_test.go): an array.
		inner, err := g.tsType(t.Elt)
		if strings.Contains(inner, " ") {
			inner = "(" + inner + ")"
		}
		return inner + "[]", err
	case *ast.MapType:
		key, err := g.tsType(t.Key)
		if err != nil {
			return "", err
		}
		value, err := g.tsType(t.Value)
		if err != nil {
			return "", err
		}
		if key != "string" {
			// A map keyed by named values holds some of them.
			return fmt.Sprintf("Partial<Record<%s, %s>>", key, value), nil
		}
		return fmt.Sprintf("Record<string, %s>", value), nil
	}
	return "", fmt.Errorf("no TypeScript for %T", expr)
}

// jsonName is a field's JSON key as encoding/json writes it.
func jsonName(goName string, tag *ast.BasicLit) (key string, optional, skip bool) {
	if tag == nil {
		return goName, false, false
	}
	raw, _ := strconv.Unquote(tag.Value) // the parser accepted it as a string literal
	parts := strings.Split(reflect.StructTag(raw).Get("json"), ",")
	switch parts[0] {
	case "-":
		return "", false, true
	case "":
		key = goName
	default:
		key = parts[0]
	}
	return key, slices.Contains(parts[1:], "omitempty"), false
}

func writeDoc(b *bytes.Buffer, indent, doc string) {
	if doc == "" {
		return
	}
	lines := strings.Split(doc, "\n")
	if len(lines) == 1 {
		fmt.Fprintf(b, "%s/** %s */\n", indent, lines[0])
		return
	}
	fmt.Fprintf(b, "%s/**\n", indent)
	for _, l := range lines {
		fmt.Fprintf(b, "%s * %s\n", indent, strings.TrimRight(l, " "))
	}
	fmt.Fprintf(b, "%s */\n", indent)
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }
