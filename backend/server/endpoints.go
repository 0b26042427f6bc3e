// Package server is `shelfsync serve`: the window's Go services over HTTP
// for a browser, with the events over Server-Sent Events, the embedded
// frontend, and the password, session and origin checks a listening
// socket needs.
package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// As binds an object under another Wails name than its Go type gives: the
// server's stand-in for the window's desktop service answers the calls the
// frontend makes to desktop.WindowService.
type As struct {
	Name   string // "pkg.Struct", as Wails names bound structs
	Object any
}

// Endpoint is one bound method reachable at POST /api/<pkg>/<Struct>/<Method>
// with a JSON array of its arguments, as Wails passes them.
type Endpoint struct {
	Name   string // "pkg.Struct.Method", Wails' name for it
	method reflect.Value
	in     []reflect.Type
	// returnsError says the last result is an error, which Wails turns
	// into a rejected promise.
	returnsError bool
	results      int
}

// Path is where the endpoint answers.
func (e Endpoint) Path() string { return "/api/" + strings.ReplaceAll(e.Name, ".", "/") }

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// Endpoints lists every exported method of the bound objects, named as
// Wails names them (the last element of the Go package path, the struct,
// the method), so one list of bound objects feeds both the window and the
// server. Each object is a pointer to a struct, or an As.
func Endpoints(bound ...any) ([]Endpoint, error) {
	var out []Endpoint
	seen := map[string]bool{}
	for _, b := range bound {
		name, obj := "", b
		if as, ok := b.(As); ok {
			name, obj = as.Name, as.Object
		}
		v := reflect.ValueOf(obj)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return nil, fmt.Errorf("bind %T: Wails binds pointers to structs only", obj)
		}
		if name == "" {
			t := v.Elem().Type()
			pkg := t.PkgPath()
			name = pkg[strings.LastIndex(pkg, "/")+1:] + "." + t.Name()
		}
		t := v.Type()
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			e, err := endpoint(name+"."+m.Name, v.Method(i))
			if err != nil {
				return nil, err
			}
			if seen[e.Name] {
				return nil, fmt.Errorf("bind %s twice", e.Name)
			}
			seen[e.Name] = true
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func endpoint(name string, method reflect.Value) (Endpoint, error) {
	t := method.Type()
	e := Endpoint{Name: name, method: method, results: t.NumOut()}
	for i := 0; i < t.NumIn(); i++ {
		e.in = append(e.in, t.In(i))
	}
	switch {
	case t.NumOut() > 2:
		return e, fmt.Errorf("bind %s: a bound method returns at most a value and an error", name)
	case t.NumOut() == 2 && t.Out(1) != errorType:
		return e, fmt.Errorf("bind %s: a bound method's second result must be an error", name)
	}
	e.returnsError = t.NumOut() > 0 && t.Out(t.NumOut()-1) == errorType
	return e, nil
}

// ErrArguments says a call's body did not fit the method's parameters: a
// bug in the frontend, never something the merchant typed.
var ErrArguments = errors.New("the call's arguments do not fit the method")

// Call decodes the JSON array of arguments, calls the method and returns
// its value (nil for none). A non-nil error is either ErrArguments
// (wrapped) or the method's own error, whose text the window shows.
func (e Endpoint) Call(body []byte) (any, error) {
	var raw []json.RawMessage
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, fmt.Errorf("%s: the body must be a JSON array: %w", e.Name, ErrArguments)
		}
	}
	if len(raw) != len(e.in) {
		return nil, fmt.Errorf("%s takes %d arguments, not %d: %w", e.Name, len(e.in), len(raw), ErrArguments)
	}
	args := make([]reflect.Value, len(e.in))
	for i, t := range e.in {
		p := reflect.New(t)
		if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
			return nil, fmt.Errorf("%s argument %d: %v: %w", e.Name, i+1, err, ErrArguments)
		}
		args[i] = p.Elem()
	}
	out := e.method.Call(args)
	if e.returnsError {
		if err, _ := out[len(out)-1].Interface().(error); err != nil {
			return nil, err
		}
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out[0].Interface(), nil
}
