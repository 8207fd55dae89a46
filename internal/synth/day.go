package synth

import (
	"time"
)

// day is a calendar date as days since 1970-01-01. Plain integers keep the
// sprint calendar arithmetic exact and free of time zones.
type day int

func mkday(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d day) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d day) weekday() time.Weekday {
	w := (int(d) + int(time.Thursday)) % 7 // 1970-01-01 was a Thursday
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

func (d day) year() int { return d.time().Year() }

func (d day) String() string { return string(d.append(nil)) }

// append writes d as a TOML local date, YYYY-MM-DD.
func (d day) append(b []byte) []byte {
	y, m, dd := d.time().Date()
	return append(b,
		byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}
