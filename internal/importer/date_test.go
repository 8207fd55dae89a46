package importer

import (
	"testing"
	"time"
)

func TestParseISODate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = not a date
	}{
		{"2026-03-02", "2026-03-02"},
		{"2026-03-02T15:04:05.000+0100", "2026-03-02"},
		{"2026-03-02T23:30:00.000-05:00", "2026-03-02"}, // the day as written, not UTC's
		{"2026-03-02T09:00:00Z", "2026-03-02"},
		{"2026-03-02 15:04", "2026-03-02"},
		{"2026-03-02T15:04:05,123Z", "2026-03-02"},
		{"2026-02-30", ""},
		{"2026-3-2", ""},
		{"2026-03-02X", ""},
		{"2026-03-02T25", ""},
		{"2026-03-02T15:04:05+1", ""},
		{"0999-01-01", ""},
		{"3000-01-01", ""},
		{"２０２６-03-02", ""},
		{"", ""},
	} {
		d, ok := ParseISODate(tc.in)
		if got := d.String(); ok != (tc.want != "") || got != tc.want {
			t.Errorf("ParseISODate(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := MustDate(2026, time.February, 27)
	if got := d.AddDays(2).String(); got != "2026-03-01" {
		t.Errorf("AddDays: %s", got)
	}
	if d.Weekday() != time.Friday {
		t.Errorf("weekday %v", d.Weekday())
	}
	if n := d.DaysUntil(MustDate(2026, time.March, 13)); n != 14 {
		t.Errorf("DaysUntil = %d", n)
	}
	if !(Date{}).IsZero() || d.IsZero() || MustDate(1970, time.January, 1).IsZero() {
		t.Error("IsZero")
	}
	if MinDate(Date{}, d) != d || MaxDate(d, Date{}) != d {
		t.Error("Min/MaxDate must ignore no date")
	}
	if got := Clamp(d, d.AddDays(1), d.AddDays(3)); got != d.AddDays(1) {
		t.Errorf("Clamp = %s", got)
	}
}

func day(s string) Date {
	d, ok := ParseISODate(s)
	if !ok {
		panic("bad test date " + s)
	}
	return d
}
