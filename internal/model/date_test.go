package model

import "testing"

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // "" when the text must be refused
	}{
		{"2026-03-19", "2026-03-19"},
		{"2024-02-29", "2024-02-29"},
		{"0001-01-01", "0001-01-01"},
		{"9999-12-31", "9999-12-31"},
		{"2026-+1-01", ""},
		{"2026--1-01", ""},
		{"+026-01-01", ""},
		{"-026-01-01", ""},
		{"2026-01-+1", ""},
		{"2026- 1-01", ""},
		{" 2026-1-01", ""},
		{"2026-01-01 ", ""},
		{"2026-1-01", ""},
		{"2026-00-10", ""},
		{"2026-13-10", ""},
		{"2026-02-29", ""},
		{"2026-04-31", ""},
		{"2026-01-00", ""},
		{"0000-01-01", ""},
		{"2026/01/01", ""},
		{"２０２６-01-01", ""},
		{"", ""},
	} {
		got, err := ParseDate(tt.in)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("ParseDate(%q) = %s, want an error", tt.in, got)
		case tt.want != "" && err != nil:
			t.Errorf("ParseDate(%q): %v", tt.in, err)
		case tt.want != "" && got.String() != tt.want:
			t.Errorf("ParseDate(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	f.Add("2026-03-19")
	f.Add("2026-+1-01")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		// Whatever parses is exactly the date it prints as.
		if d.String() != s {
			t.Errorf("ParseDate(%q) = %s", s, d)
		}
	})
}
