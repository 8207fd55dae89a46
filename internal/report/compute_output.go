package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// JSON encodes r as data/report.json: two-space indent and a trailing
// newline, so that the file diffs well in git. encoding/json refuses NaN and
// infinities, so a bug that produced one fails the build instead of writing
// invalid JSON.
//
// The bytes are those of json.Marshal indented by json.Indent, but the
// three lists that grow with the site are encoded an element at a time
// straight into the indented file, which is allocated once at about its
// size: marshalling the whole report first held a compact copy as well
// (66 MB beside the file's 142 MB on XL-releases, grown by doubling), and
// on a large site that memory pushed the build against its memory limit,
// where the runtime returns pages to the system only to fault them in
// again.
func JSON(r *Report) ([]byte, error) {
	skeleton := *r
	var lists []streamedList
	// In field order: the skeleton holds each list's null in this order.
	if len(r.Features) > 0 {
		skeleton.Features = nil
		lists = append(lists, streamedList{key: "features", n: len(r.Features), at: func(i int) any { return r.Features[i] }})
	}
	if len(r.Releases) > 0 {
		skeleton.Releases = nil
		lists = append(lists, streamedList{key: "releases", n: len(r.Releases), at: func(i int) any { return r.Releases[i] }})
	}
	if len(r.Sprints) > 0 {
		skeleton.Sprints = nil
		lists = append(lists, streamedList{key: "sprints", n: len(r.Sprints), at: func(i int) any { return r.Sprints[i] }})
	}
	skel, err := json.Marshal(&skeleton)
	if err != nil {
		return nil, err
	}
	var elem bytes.Buffer
	enc := json.NewEncoder(&elem)
	encode := func(v any) ([]byte, error) {
		elem.Reset()
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(elem.Bytes(), []byte("\n")), nil
	}
	size := len(skel) * 5 / 2
	for _, l := range lists {
		n, err := l.indentedSize(encode)
		if err != nil {
			return nil, err
		}
		size += n
	}
	w := indenter{dst: make([]byte, 0, size+size/16)}
	from := 0
	for _, l := range lists {
		at := topLevelValue(skel, l.key)
		if at < 0 || !bytes.HasPrefix(skel[at:], []byte("null")) {
			return nil, fmt.Errorf("report.json: no null %q in the encoded report", l.key)
		}
		w.write(skel[from:at])
		w.write([]byte("["))
		for i := range l.n {
			if i > 0 {
				w.write([]byte(","))
			}
			b, err := encode(l.at(i))
			if err != nil {
				return nil, err
			}
			w.write(b)
		}
		w.write([]byte("]"))
		from = at + len("null")
	}
	w.write(skel[from:])
	return append(w.dst, '\n'), nil
}

// streamedList is one of the report's long lists, encoded an element at a
// time by JSON.
type streamedList struct {
	key string
	n   int
	at  func(int) any
}

// indentedSize estimates the list's size in the indented file from a
// sample of its elements spread over it: only the room made for the file
// depends on it, never its bytes.
func (l streamedList) indentedSize(encode func(any) ([]byte, error)) (int, error) {
	const samples = 16
	step := max(1, l.n/samples)
	var w indenter
	size, taken := 0, 0
	for i := 0; i < l.n; i += step {
		b, err := encode(l.at(i))
		if err != nil {
			return 0, err
		}
		// An element of a list in the report object sits two levels deep.
		w.depth, w.dst = 2, w.dst[:0]
		w.write(b)
		size += len(w.dst) + len(",\n    ")
		taken++
	}
	return size * l.n / taken, nil
}

// topLevelValue is the index in src, an object as json.Marshal writes it,
// of the value of its member key, or -1 when it has none.
func topLevelValue(src []byte, key string) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '"':
			j := closingQuote(src, i+1)
			if depth == 1 && j+1 < len(src) && src[j+1] == ':' && string(src[i+1:j]) == key {
				return j + 2
			}
			i = j
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return -1
}

// indenter is json.Indent(dst, src, "", "  ") for what json.Marshal
// writes (no space outside strings), byte for byte, and keeps its state
// between pieces of one JSON text: the pieces written one after another
// indent as their concatenation would, as long as no piece ends inside a
// string. json.Indent runs its full validating scanner over every byte, a
// third of the time of a large site's report.json; here only quotes and
// backslashes are looked at inside strings.
type indenter struct {
	dst    []byte
	indent []byte // a line break and the deepest indent written so far
	depth  int
	open   bool // after { or [: the line break waits for what comes next
}

func (w *indenter) newline() {
	if w.indent == nil {
		w.indent = []byte("\n" + strings.Repeat("  ", 16))
	}
	for 1+2*w.depth > len(w.indent) {
		w.indent = append(w.indent, ' ', ' ')
	}
	w.dst = append(w.dst, w.indent[:1+2*w.depth]...)
}

// write indents src onto dst. A line break and its indent are copied from
// one run of spaces, not appended two bytes at a time: report.json is
// mostly short lines deep in the tree, and that loop was most of the
// indent's time.
func (w *indenter) write(src []byte) {
	for i := 0; i < len(src); i++ {
		c := src[i]
		if w.open && c != '}' && c != ']' {
			w.open = false
			w.depth++
			w.newline()
		}
		switch c {
		case '"':
			j := closingQuote(src, i+1)
			w.dst = append(w.dst, src[i:j+1]...)
			i = j
		case '{', '[':
			w.open = true
			w.dst = append(w.dst, c)
		case ',':
			w.dst = append(w.dst, c)
			w.newline()
		case ':':
			w.dst = append(w.dst, c, ' ')
		case '}', ']':
			if w.open {
				w.open = false // {} and [] stay on one line
			} else {
				w.depth--
				w.newline()
			}
			w.dst = append(w.dst, c)
		default:
			w.dst = append(w.dst, c)
		}
	}
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
