package importer

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar day with no time zone. The zero Date is "no date": the
// day count starts at one on 0001-01-01, so no real day is zero.
type Date struct{ n int32 }

// epochDays is the day count of 1970-01-01.
const epochDays = 719163

// NewDate returns the day y-m-d; ok is false when there is no such day or
// it is outside 1900–2999. Exports hold dates of this century and the last;
// the margin keeps every date an import computes from them (sprints laid
// out after the last one) within the four-digit years a TOML date needs.
func NewDate(y int, m time.Month, d int) (Date, bool) {
	if y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, false
	}
	return Date{int32(t.Unix()/86400 + epochDays + 1)}, true
}

// MustDate is NewDate for dates known to be valid (tests, constants).
func MustDate(y int, m time.Month, d int) Date {
	dt, ok := NewDate(y, m, d)
	if !ok {
		panic(fmt.Sprintf("invalid date %d-%d-%d", y, m, d))
	}
	return dt
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.n == 0 }

func (d Date) time() time.Time {
	return time.Unix(int64(d.n-1-epochDays)*86400, 0).UTC()
}

// String is the ISO form 2026-03-02, or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.time().Format("2006-01-02")
}

// AddDays returns the day n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.n + int32(n)} }

// DaysUntil is the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.n - d.n) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// MinDate is the earlier of two dates, ignoring "no date".
func MinDate(a, b Date) Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// MaxDate is the later of two dates, ignoring "no date".
func MaxDate(a, b Date) Date {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}

// Clamp moves d into [lo, hi].
func Clamp(d, lo, hi Date) Date {
	if d.Before(lo) {
		return lo
	}
	if d.After(hi) {
		return hi
	}
	return d
}

// ParseISODate reads the day of "2026-03-02", "2026-03-02T15:04:05.000+0100"
// or "2026-03-02 15:04". The day is taken as written: an export's timestamps
// carry the offset of the server or user that wrote them, and converting them
// to another zone would make the site depend on where the import runs.
func ParseISODate(s string) (Date, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	if len(s) > 10 {
		if s[10] != 'T' && s[10] != ' ' && s[10] != 't' {
			return Date{}, false
		}
		if !validClock(s[11:]) {
			return Date{}, false
		}
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || !allDigits(s[0:4]+s[5:7]+s[8:10]) {
		return Date{}, false
	}
	return NewDate(y, time.Month(m), d)
}

// validClock accepts the time part of a timestamp: 15:04, 15:04:05,
// fractions, and a zone (Z, +01:00, +0100).
func validClock(s string) bool {
	i := 0
	digits := func(n int) bool {
		if i+n > len(s) || !allDigits(s[i:i+n]) {
			return false
		}
		i += n
		return true
	}
	if !digits(2) || i >= len(s) || s[i] != ':' {
		return false
	}
	i++
	if !digits(2) {
		return false
	}
	if i < len(s) && s[i] == ':' {
		i++
		if !digits(2) {
			return false
		}
		if i < len(s) && (s[i] == '.' || s[i] == ',') {
			i++
			start := i
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == start {
				return false
			}
		}
	}
	return validZone(s[i:])
}

func validZone(z string) bool {
	switch {
	case z == "" || z == "Z" || z == "z":
		return true
	case len(z) == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':':
		return allDigits(z[1:3] + z[4:6])
	case len(z) == 5 && (z[0] == '+' || z[0] == '-'):
		return allDigits(z[1:])
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Compare is -1, 0 or +1 as d is before, on or after e, for sorting.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}
