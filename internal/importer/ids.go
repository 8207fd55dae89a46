package importer

import (
	"strconv"
	"strings"
)

// ids hands out identifiers of the site format ([A-Za-z0-9][A-Za-z0-9._-]*)
// made from names, unique among one kind. Uniqueness ignores case: ids
// name folders, and on macOS and Windows "S-1" and "s-1" are one folder.
type ids struct {
	taken  map[string]bool
	prefix string // for a name with no usable character
}

func newIDs(prefix string) *ids { return &ids{taken: map[string]bool{}, prefix: prefix} }

// make returns an unused identifier for name: its runs of other characters
// become "-", and a clash gets "-2", "-3" ….
func (s *ids) make(name string) string {
	base := identOf(name)
	if base == "" {
		base = s.prefix
	}
	id := base
	for n := 2; s.taken[strings.ToLower(id)]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	s.taken[strings.ToLower(id)] = true
	return id
}

func identOf(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(strings.TrimLeft(b.String(), "._-"), "-")
}

// IsIdent reports whether s is an identifier of the site format.
func IsIdent(s string) bool { return s != "" && identOf(s) == s && isAlnum(s[0]) }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// NaturalCompare orders names as people do: "Sprint 9" before "Sprint 10",
// "PAY-2" before "PAY-10". Ties are broken bytewise, so the order is total.
func NaturalCompare(a, b string) int {
	if c := naturalCompare(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
