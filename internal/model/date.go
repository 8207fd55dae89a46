package model

import (
	"fmt"
	"time"
)

// Date is a calendar date with no time zone: the number of days since
// 0001-01-01, plus one, so that the zero value means "no date". Keeping dates
// as plain day numbers makes every figure independent of the machine's time
// zone and makes day arithmetic (working days, cadences) exact.
type Date int32

// unixEpochDay is the Date of 1970-01-01.
const unixEpochDay Date = 719163

// MakeDate returns the Date for a proleptic Gregorian calendar day.
func MakeDate(year int, month time.Month, day int) Date {
	// time.Date in UTC never consults the local zone; only the day count is kept.
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return unixEpochDay + Date(t.Unix()/86400)
}

// ParseDate reads a YYYY-MM-DD date and rejects impossible days (2026-02-30).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("date %q is not of the form YYYY-MM-DD", s)
	}
	// strconv.Atoi would take "+1" or "-1" as a month; only digits form a
	// date, so "2026-+1-01" is refused rather than read as January.
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, fmt.Errorf("date %q is not of the form YYYY-MM-DD", s)
	}
	if !validCalendarDay(y, m, d) {
		return 0, fmt.Errorf("%q is not a calendar date", s)
	}
	return MakeDate(y, time.Month(m), d), nil
}

// digits reads a field of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func validCalendarDay(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(time.Month(m), y)
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == 0 }

// time returns midnight UTC of d; only for formatting and calendar fields.
func (d Date) time() time.Time {
	return time.Unix(int64(d-unixEpochDay)*86400, 0).UTC()
}

// Weekday of d.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// DaysUntil returns e − d in days.
func (d Date) DaysUntil(e Date) int { return int(e - d) }

// String formats d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.time().Format("2006-01-02")
}

// Format formats d with a time layout (for display only).
func (d Date) Format(layout string) string {
	if d.IsZero() {
		return ""
	}
	return d.time().Format(layout)
}

// MarshalText writes d as YYYY-MM-DD; a zero Date marshals as JSON null via
// the json.Marshaler below.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// MarshalJSON writes "YYYY-MM-DD", or null for an unset date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = 0
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("date must be a string, got %s", s)
	}
	v, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return err
	}
	*d = v
	return nil
}
