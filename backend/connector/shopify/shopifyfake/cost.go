package shopifyfake

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The fake's requested cost follows Shopify's published rule (1 point per
// object field, 0 per scalar, a connection 2 plus its size times the cost
// of one node) and settles what the docs leave open the expensive way: an
// object inside a list (InventoryLevel.quantities) costs 1 like any other,
// and a nodes(ids:) list costs its length times one node. A client that
// stays under the 1,000-point cap here stays under it on Shopify whichever
// reading Shopify uses.

// selection is one field of a parsed selection set.
type selection struct {
	name string
	// alias is the field's response key when the query renames it.
	alias    string
	args     map[string]string // raw argument values: $var, a literal or [..]
	children []*selection      // nil for a scalar
	object   bool              // it has a selection set
}

// parseSelections parses the query's operation body into root fields. It
// understands what the connector and the tests send: fields, aliases,
// arguments, directives, inline fragments; fragments spread by name are
// not supported.
func parseSelections(query string) ([]*selection, error) {
	p := &parser{toks: tokenize(query)}
	// Skip the operation header up to its first "{".
	for p.i < len(p.toks) && p.toks[p.i] != "{" {
		if p.toks[p.i] == "(" {
			if err := p.skipGroup("(", ")"); err != nil {
				return nil, err
			}
			continue
		}
		p.i++
	}
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("syntax error: no selection set")
	}
	return p.selectionSet()
}

type parser struct {
	toks []string
	i    int
}

func (p *parser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *parser) selectionSet() ([]*selection, error) {
	if p.peek() != "{" {
		return nil, fmt.Errorf("syntax error: expected {")
	}
	p.i++
	var out []*selection
	for {
		switch t := p.peek(); t {
		case "":
			return nil, fmt.Errorf("syntax error: unclosed selection set")
		case "}":
			p.i++
			return out, nil
		case "...": // inline fragment: its fields count as the parent's
			p.i++
			if p.peek() == "on" {
				p.i += 2
			}
			kids, err := p.selectionSet()
			if err != nil {
				return nil, err
			}
			out = append(out, kids...)
		default:
			s, err := p.field()
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
}

func (p *parser) field() (*selection, error) {
	s := &selection{name: p.peek(), args: map[string]string{}}
	p.i++
	if p.peek() == ":" { // alias: the field's name follows
		p.i++
		s.alias, s.name = s.name, p.peek()
		p.i++
	}
	if p.peek() == "(" {
		start := p.i
		if err := p.skipGroup("(", ")"); err != nil {
			return nil, err
		}
		inner := p.toks[start+1 : p.i-1]
		for k := 0; k+2 < len(inner); k++ {
			if inner[k+1] != ":" {
				continue
			}
			v := inner[k+2]
			if v == "$" && k+3 < len(inner) {
				v = "$" + inner[k+3]
			}
			s.args[inner[k]] = v
		}
	}
	for p.peek() == "@" { // directives take no part in cost
		p.i += 2
		if p.peek() == "(" {
			if err := p.skipGroup("(", ")"); err != nil {
				return nil, err
			}
		}
	}
	if p.peek() == "{" {
		kids, err := p.selectionSet()
		if err != nil {
			return nil, err
		}
		s.children, s.object = kids, true
	}
	return s, nil
}

func (p *parser) skipGroup(open, close string) error {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		switch p.toks[p.i] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				p.i++
				return nil
			}
		}
	}
	return fmt.Errorf("syntax error: unclosed %s", open)
}

// tokenize splits GraphQL text into names, punctuation and string literals,
// dropping comments, commas and white space.
func tokenize(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, s[i:min(j+1, len(s))])
			i = j + 1
		case strings.HasPrefix(s[i:], "..."):
			out = append(out, "...")
			i += 3
		case strings.ContainsRune("{}()[]:$@!=", rune(c)):
			out = append(out, string(c))
			i++
		case c == '_' || c == '-' || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)):
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '-' || s[j] == '.' || unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j]))) {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			i++
		}
	}
	return out
}

// fieldCost is the requested cost of one root field. A connection
// (first/last) costs 2 + size x one node; nodes(ids:) costs its length x
// one node; any other object 1 plus its children.
func (q *request) fieldCost(s *selection) (requested, perNode int, err error) {
	if !s.object {
		return 0, 0, nil
	}
	if raw, ok := s.args["first"]; ok {
		size, err := q.intValue(raw)
		if err != nil {
			return 0, 0, err
		}
		per := q.nodeCost(s.children)
		return 2 + size*per, per, nil
	}
	if raw, ok := s.args["ids"]; ok {
		n, err := q.listLen(raw)
		if err != nil {
			return 0, 0, err
		}
		per := 1 + q.childrenCost(s.children)
		return n * per, per, nil
	}
	return 1 + q.childrenCost(s.children), 0, nil
}

// nodeCost is the cost of one node of a connection: the node object and
// what it selects, under nodes { } or edges { node { } }.
func (q *request) nodeCost(parts []*selection) int {
	for _, p := range parts {
		switch p.name {
		case "nodes":
			return 1 + q.childrenCost(p.children)
		case "edges":
			for _, e := range p.children {
				if e.name == "node" {
					return 1 + q.childrenCost(e.children)
				}
			}
		}
	}
	return 1
}

func (q *request) childrenCost(kids []*selection) int {
	total := 0
	for _, k := range kids {
		c, _, err := q.fieldCost(k)
		if err != nil {
			c = 1
		}
		total += c
	}
	return total
}

func (q *request) intValue(raw string) (int, error) {
	if name, ok := strings.CutPrefix(raw, "$"); ok {
		v, present := q.vars[name]
		if !present || v == nil {
			return 0, fmt.Errorf("variable $%s is required for a connection's size", name)
		}
		n, ok := v.(json.Number)
		if !ok {
			return 0, fmt.Errorf("variable $%s must be an Int", name)
		}
		return strconv.Atoi(string(n))
	}
	return strconv.Atoi(raw)
}

func (q *request) listLen(raw string) (int, error) {
	if name, ok := strings.CutPrefix(raw, "$"); ok {
		v, _ := q.vars[name].([]any)
		return len(v), nil
	}
	return 0, fmt.Errorf("the fake takes ids from a variable only")
}
