package connector

import (
	"reflect"
	"strings"
)

// JSONKind names, with an article, the kind of JSON value Go's decoder
// reports in json.UnmarshalTypeError.Value ("string", "number 1.5",
// "array"): what a platform sent where a field had another shape, in the
// words of the sentence a merchant reads.
func JSONKind(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	switch kind {
	case "array", "object":
		return "an " + kind
	case "bool":
		return "true or false"
	case "":
		return "of another kind"
	default:
		return "a " + kind
	}
}

// JSONKindOf names, in JSONKind's words, the JSON value a Go type reads
// (json.UnmarshalTypeError.Type): what ShelfSync expected there.
func JSONKindOf(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return JSONKind("")
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return JSONKind("object")
	case reflect.Slice, reflect.Array:
		return JSONKind("array")
	case reflect.String:
		return JSONKind("string")
	case reflect.Bool:
		return JSONKind("bool")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return JSONKind("number")
	}
	return JSONKind("")
}
