package render

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// fmtNum formats a figure for reading: at most one decimal from 1 upwards
// (8.5, 11.6, 40) and two significant digits below 1 (0.4, 0.025), so float
// noise such as 11.555555555555555 never reaches a page. report.json keeps
// the exact values.
func fmtNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	a := math.Abs(x)
	var s string
	switch {
	case a == 0:
		return "0"
	case a >= 1e14:
		s = roundToTenths(strconv.FormatFloat(x, 'f', -1, 64))
	case a >= 1:
		// Fifteen significant digits first, as float64 holds them, so that
		// noise such as 29.049999999999997 (for 29.05) rounds as written.
		s = roundToTenths(strconv.FormatFloat(x, 'g', 15, 64))
	default:
		s = strconv.FormatFloat(x, 'g', 2, 64)
		if strings.ContainsAny(s, "e") {
			s = strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "e") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, "-", "−", 1)
}

// roundToTenths rounds a decimal numeral ("-8.25", "40") half away from
// zero to one decimal, on its digits: math.Round(x*10)/10 loses digits
// from about 1e14 up (1000000000000002.5 read as …002.4).
func roundToTenths(s string) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 || len(s)-dot <= 2 {
		return s
	}
	up := s[dot+2] >= '5'
	b := []byte(s[:dot+2])
	for i := len(b) - 1; up && i >= 0; i-- {
		switch {
		case b[i] == '.' || b[i] == '-':
		case b[i] == '9':
			b[i] = '0'
		default:
			b[i]++
			up = false
		}
	}
	if up { // every digit was a 9: one more digit in front
		if b[0] == '-' {
			return "-1" + string(b[1:])
		}
		return "1" + string(b)
	}
	return string(b)
}

// fmtNumPtr formats an optional figure; nil reads as a dash.
func fmtNumPtr(x *float64) string {
	if x == nil {
		return "–"
	}
	return fmtNum(*x)
}

// fmtSigned shows a change with its sign (+6, −11, 0).
func fmtSigned(x float64) string {
	s := fmtNum(x)
	if x > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// fmtPct formats a share in [0, 1] as a whole percentage. Shares that are
// neither 0 nor 1 never round to "0%" or "100%": "<1%" and ">99%" keep a
// near-certain forecast from reading as a certain one.
func fmtPct(share float64) string {
	if math.IsNaN(share) {
		return "–"
	}
	p := share * 100
	switch {
	case p > 0 && p < 0.5:
		return "<1%"
	case p < 100 && p >= 99.5:
		return ">99%"
	}
	return strconv.Itoa(int(math.Round(p))) + "%"
}

// fmtDate is the long display form of a date ("29 May 2026").
func fmtDate(d model.Date) string {
	if d.IsZero() {
		return "–"
	}
	return d.Format("2 Jan 2006")
}

// fmtDateShort omits the year ("29 May").
func fmtDateShort(d model.Date) string {
	if d.IsZero() {
		return "–"
	}
	return d.Format("2 Jan")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func sprintName(sp *model.Sprint, sr *report.SprintReport) string {
	switch {
	case sp != nil && sp.Name != "":
		return sp.Name
	case sr != nil && sr.Name != "":
		return sr.Name
	case sr != nil:
		return sr.ID
	}
	return ""
}

// statusLabel is the reader's word for a status value.
func statusLabel(s string) string {
	switch s {
	case string(model.StatusInProgress), "in progress":
		return "in progress"
	case "not_started", "to_do":
		return "to do"
	case "":
		return "–"
	}
	return strings.ReplaceAll(s, "_", " ")
}

// percent is a share as a number from 0 to 100 for progress bars
// (report.ProgressPercent).
func percent(part, whole float64) float64 { return report.ProgressPercent(part, whole) }

// unitWord is the unit for an amount: "1 point", "2 points", "0.5 days".
func unitWord(x float64, unit string) string {
	if x == 1 && strings.HasSuffix(unit, "s") {
		return strings.TrimSuffix(unit, "s")
	}
	return unit
}

// textOf is the text of a string-kinded value (a model.Status, a
// report.SprintState, a plain string), for template functions that word
// any of them.
func textOf(v any) string {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String()
	}
	return fmt.Sprint(v)
}
