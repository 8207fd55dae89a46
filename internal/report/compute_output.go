package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// JSON encodes r as data/report.json: two-space indent and a trailing
// newline, so that the file diffs well in git. encoding/json refuses NaN and
// infinities, so a bug that produced one fails the build instead of writing
// invalid JSON.
func JSON(r *Report) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(indentJSON(b), '\n'), nil
}

// indentJSON is json.Indent(dst, src, "", "  ") for what json.Marshal
// writes (no space outside strings), byte for byte. json.Indent runs its
// full validating scanner over every byte, a third of the time of a large
// site's report.json; here only quotes and backslashes are looked at inside
// strings.
func indentJSON(src []byte) []byte {
	// Indenting more than doubles a large report (142 MB from 66 MB on
	// XL-releases): room for it at once saves copying it as it grows, and
	// what is left unused is never touched, so it costs no memory.
	dst := make([]byte, 0, len(src)*5/2)
	// A line break and its indent are copied from one run of spaces, not
	// appended two bytes at a time: report.json is mostly short lines
	// deep in the tree, and that loop was most of this function's time.
	indent := []byte("\n" + strings.Repeat("  ", 16))
	newline := func(depth int) {
		for 1+2*depth > len(indent) {
			indent = append(indent, ' ', ' ')
		}
		dst = append(dst, indent[:1+2*depth]...)
	}
	depth := 0
	open := false // after { or [: the line break waits for what comes next
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline(depth)
		}
		switch c {
		case '"':
			j := closingQuote(src, i+1)
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline(depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false // {} and [] stay on one line
			} else {
				depth--
				newline(depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// closingQuote is the index of the quote that ends the string whose text
// starts at from, or len(src)-1 when there is none: the first quote after
// an even run of backslashes (bytes.IndexByte finds candidates far faster
// than a loop over every byte).
func closingQuote(src []byte, from int) int {
	for j := from; ; {
		k := bytes.IndexByte(src[j:], '"')
		if k < 0 {
			return len(src) - 1
		}
		j += k
		n := 0
		for j-1-n >= from && src[j-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return j
		}
		j++
	}
}

// BacklogCSV writes the product backlog as data/backlog.csv: RFC 4180 with
// CRLF line ends (what the RFC specifies and what spreadsheets expect), a
// header row, one row per feature in position order. Null values are empty
// cells; themes are joined with "; ".
//
// Input text is data: a cell that a spreadsheet would take for a formula
// (starting with = + - @, tab or carriage return) gets a leading single
// quote. Numbers written here are exempt: they are formatted by this code,
// cannot carry a formula, and a negative score must stay a number.
func BacklogCSV(r *Report) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	// Writes to a bytes.Buffer cannot fail, and the header and rows never
	// contain invalid fields, so errors are impossible here.
	_ = w.Write([]string{
		"position", "id", "title", "kind", "status", "rank", "score", "low_score",
		"release", "category", "themes", "size", "done", "remaining", "on_time",
	})
	for _, f := range r.Features {
		rank, score, release, onTime := "", "", "", ""
		if f.Rank != nil {
			rank = strconv.Itoa(*f.Rank)
		}
		if f.Score != nil {
			score = csvNumber(*f.Score)
		}
		if f.Release != nil {
			release = csvText(*f.Release)
		}
		if f.OnTime != nil {
			onTime = csvNumber(*f.OnTime)
		}
		_ = w.Write([]string{
			strconv.Itoa(f.Position),
			csvText(f.ID),
			csvText(f.Title),
			csvText(string(f.Kind)),
			csvText(string(f.Status)),
			rank,
			score,
			strconv.FormatBool(f.LowScore),
			release,
			csvText(f.Category),
			csvText(strings.Join(f.Themes, "; ")),
			csvNumber(f.Size),
			csvNumber(f.Done),
			csvNumber(f.Remaining),
			onTime,
		})
	}
	w.Flush()
	return buf.Bytes()
}

// csvNumber writes v in plain decimal (no exponent, which some spreadsheets
// read as text) with as few digits as round-trip.
func csvNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// csvText defuses formula injection (OWASP "CSV injection"): a cell that
// starts with a formula sign gets a leading apostrophe. Spreadsheets skip
// more than blanks before the sign, so it counts after anything leading
// that shows nothing (csvBlank), and in its full-width and small forms too
// (which some convert); a cell starting with a tab or carriage return is
// quoted whatever follows.
func csvText(s string) string {
	if s != "" && (s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, csvBlank))
	if strings.ContainsRune("=+-@＝＋－＠﹦﹢﹣﹫", first) {
		return "'" + s
	}
	return s
}

// csvBlank is a character that shows nothing before a formula sign: a space
// of any width (U+00A0, U+3000, U+2000–U+200A, …), any character that is
// not graphic (controls, format characters such as U+200B zero width space,
// U+2060 word joiner, U+FEFF byte order mark or a bidirectional mark,
// private-use and unassigned ones), and the letters that draw nothing.
func csvBlank(r rune) bool {
	return unicode.IsSpace(r) || !unicode.IsGraphic(r) || strings.ContainsRune(invisibleLetters, r)
}

// invisibleLetters are graphic characters that draw nothing: the Hangul
// fillers and the blank Braille pattern.
const invisibleLetters = "\u115f\u1160\u3164\uffa0\u2800"

// FlowCSVNames are the Flow page's tables as spreadsheets under data/
// (docs/reports.md, "Flow"); FlowCSV makes one of them.
func FlowCSVNames() []string {
	return []string{"flow-cumulative.csv", "flow-cycle.csv", "flow-throughput.csv", "flow-aging.csv"}
}

// FlowCSV is the file of FlowCSVNames called name, with every row, where
// the page's charts show at most the latest or oldest thousand; nil for
// another name.
func FlowCSV(r *Report, name string) []byte {
	f := r.Flow
	var rows [][]string
	switch name {
	case "flow-cumulative.csv":
		for _, p := range f.Cumulative {
			rows = append(rows, []string{p.Date.String(), csvNumber(p.ToDo), csvNumber(p.InProgress), csvNumber(p.Done),
				strconv.Itoa(p.ToDoCount), strconv.Itoa(p.InProgressCount), strconv.Itoa(p.DoneCount)})
		}
		return csvFile([]string{"date", "to_do", "in_progress", "done", "to_do_count", "in_progress_count", "done_count"}, rows)
	case "flow-cycle.csv":
		for _, c := range f.Cycle {
			rows = append(rows, []string{csvText(c.Story), csvText(strOrEmpty(c.Feature)), c.Started.String(), c.Finished.String(), strconv.Itoa(c.CycleDays)})
		}
		return csvFile([]string{"story", "feature", "started", "finished", "cycle_days"}, rows)
	case "flow-aging.csv":
		for _, a := range f.Aging {
			rows = append(rows, []string{csvText(a.Story), csvText(strOrEmpty(a.Feature)), a.Started.String(), strconv.Itoa(a.AgeDays), strconv.FormatBool(a.OverP85)})
		}
		return csvFile([]string{"story", "feature", "started", "age_days", "over_p85"}, rows)
	case "flow-throughput.csv":
		for _, s := range r.Sprints {
			if s.State != SprintPlanned {
				rows = append(rows, []string{csvText(s.ID), string(s.State), strconv.Itoa(s.DoneCount), csvNumber(s.Completed)})
			}
		}
		return csvFile([]string{"sprint", "state", "done_count", "completed"}, rows)
	}
	return nil
}

func strOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// csvFile writes a header and rows as CSV with CRLF line ends, like
// BacklogCSV.
func csvFile(header []string, rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	// Writes to a bytes.Buffer cannot fail.
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	return buf.Bytes()
}

// CSVText is csvText for the other spreadsheets a build writes (the public
// backlog.csv of internal/audience): one formula guard for every file.
func CSVText(s string) string { return csvText(s) }
