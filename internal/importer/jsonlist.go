package importer

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
)

// JSONEntry is one element of a JSON array and the line it starts on.
type JSONEntry struct {
	Line int
	Raw  json.RawMessage
}

// JSONEntries reads the elements of a JSON array, or of the array under key
// in an object (the paginated form of REST APIs: {"values": [...]}). An
// error names the line where the JSON stops making sense.
func JSONEntries(data []byte, key string) ([]JSONEntry, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) ([]JSONEntry, error) {
		return nil, lines.jsonError(err, dec.InputOffset())
	}
	tok, err := dec.Token()
	if err != nil {
		return fail(err)
	}
	switch {
	case tok == json.Delim('{') && key != "":
		if err := skipTo(dec, key); err != nil {
			return fail(err)
		}
	case tok != json.Delim('['):
		want := "a JSON array"
		if key != "" {
			want += fmt.Sprintf(" or an object with a %q array", key)
		}
		return nil, &LineError{Line: lines.line(max(int(dec.InputOffset())-1, 0)), Msg: fmt.Sprintf("expected %s, found %s", want, describeToken(tok))}
	}
	var out []JSONEntry
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail(err)
		}
		start := int(dec.InputOffset()) - len(raw)
		out = append(out, JSONEntry{Line: lines.line(start), Raw: raw})
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	return out, nil
}

// skipTo moves the decoder into the array under key of the object it is in.
func skipTo(dec *json.Decoder, key string) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == key {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			if tok != json.Delim('[') {
				return fmt.Errorf("%q must be an array, not %s", key, describeToken(tok))
			}
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return fmt.Errorf("the object has no %q array", key)
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// LineError is a problem at a line of an input file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return e.Msg }

// DecodeEntry decodes one entry into v, wording a type mismatch the way a
// user can act on ("name must be a string, not a number").
func DecodeEntry(e JSONEntry, v any) error {
	err := json.Unmarshal(e.Raw, v)
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return fmt.Errorf("%s must be %s, not %s", cmp.Or(te.Field, "the entry"), kindName(te.Type), article(te.Value))
	}
	return err
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return t.String()
}

func article(v string) string {
	switch v {
	case "object", "array":
		return "an " + v
	}
	return "a " + v
}

// lineIndex finds the line of a byte offset.
type lineIndex []int // offsets of the line breaks

func newLineIndex(data []byte) lineIndex {
	var idx lineIndex
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i)
		}
	}
	return idx
}

func (l lineIndex) line(offset int) int {
	return 1 + sort.SearchInts(l, offset)
}

func (l lineIndex) jsonError(err error, at int64) error {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return &LineError{Line: l.line(int(se.Offset) - 1), Msg: "invalid JSON: " + se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &LineError{Line: l.line(int(at)), Msg: "invalid JSON: the file ends too early"}
	}
	return &LineError{Line: l.line(int(at)), Msg: err.Error()}
}

// Source is an input file: its name as the user gave it and its bytes.
type Source struct {
	Path string
	Data []byte
}

// Decoded is one entry of a JSON list and the line it starts on.
type Decoded[T any] struct {
	Line  int
	Value T
}

// ReadJSONList decodes every entry of a JSON list file (see JSONEntries)
// into a T. An entry that does not decode is a problem at its line and is
// left out; a file that is not such a list is one problem.
func ReadJSONList[T any](src Source, key string, ps *Problems) []Decoded[T] {
	entries, err := JSONEntries(src.Data, key)
	if err != nil {
		line := 0
		if le, ok := errors.AsType[*LineError](err); ok {
			line = le.Line
		}
		ps.Add(src.Path, line, "%s", err)
		return nil
	}
	out := make([]Decoded[T], 0, len(entries))
	for _, e := range entries {
		var v T
		if err := DecodeEntry(e, &v); err != nil {
			ps.Add(src.Path, e.Line, "%s", err)
			continue
		}
		out = append(out, Decoded[T]{Line: e.Line, Value: v})
	}
	return out
}
