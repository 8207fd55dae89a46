package importer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestJSONEntries(t *testing.T) {
	for _, tc := range []struct {
		name, in, key string
		lines         []int
		err           string
	}{
		{"array", "[\n {\"a\": 1},\n {\"a\": 2}\n]", "", []int{2, 3}, ""},
		{"paged object", "{\"maxResults\": 50,\n \"values\": [\n  {\"a\": 1}, {\"a\": 2},\n  {\"a\": 3}]}", "values", []int{3, 3, 4}, ""},
		{"bom", "\uFEFF[{}]", "", []int{1}, ""},
		{"empty", "[]", "", nil, ""},
		{"syntax", "[\n {\"a\": 1},\n {\"a\" 2}\n]", "", nil, "3: invalid JSON"},
		{"truncated", "[\n {\"a\": 1},", "", nil, "2: invalid JSON: the file ends too early"},
		{"not a list", "\n\n\"text\"", "", nil, "3: expected a JSON array, found a string"},
		{"no values", "{\"a\": 1}", "values", nil, "1: the object has no \"values\" array"},
		{"values not array", "{\"values\": 3}", "values", nil, "\"values\" must be an array, not a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := JSONEntries([]byte(tc.in), tc.key)
			if tc.err != "" {
				le, ok := err.(*LineError)
				if !ok {
					t.Fatalf("error %v, want a LineError", err)
				}
				if msg := fmt.Sprintf("%d: %s", le.Line, le.Msg); !strings.Contains(msg, tc.err) {
					t.Fatalf("error %q, want %q", msg, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, e := range got {
				lines = append(lines, e.Line)
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("lines %v, want %v", lines, tc.lines)
			}
		})
	}
}

func TestReadJSONListReportsEntries(t *testing.T) {
	type entry struct {
		Name string `json:"name"`
	}
	var ps Problems
	got := ReadJSONList[entry](Source{Path: "x.json", Data: []byte("[\n{\"name\": \"a\"},\n{\"name\": 3},\n{\"name\": \"c\"}\n]")}, "", &ps)
	if len(got) != 2 || got[1].Value.Name != "c" || got[1].Line != 4 {
		t.Errorf("got %+v", got)
	}
	if want := "x.json:3: name must be a string, not a number"; ps.Error() != want {
		t.Errorf("problems %q, want %q", ps.Error(), want)
	}
}
