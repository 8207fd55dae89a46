package synth

import (
	"strings"
	"testing"
)

// The checker must itself catch what it claims to: each case breaks one
// rule of a small valid site.
var tinySite = map[string]string{
	"site.toml": `title = "t"
as_of = 2026-03-11
[scorecard]
preset = "value-effort"
`,
	"backlog/a.toml": `[[feature]]
id = "F-1"
title = "One"
rank = 1
estimate = 3
scores = { value = 2, effort = 3 }

[[feature]]
id = "F-2"
title = "Two"
estimate = 5
scores = { value = 2, effort = 3 }
`,
	"releases/r.toml": `id = "R1"
start = 2026-02-23
date = 2026-03-27
capacity = 4
features = ["F-1", "F-2"]
`,
	"sprints/1.toml": `id = "S-1"
release = "R1"
start = 2026-02-23
end = 2026-03-06

[[story]]
id = "A"
feature = "F-1"
title = "a"
estimate = 3

[[story]]
id = "B"
feature = "F-2"
title = "b"
estimate = 5

[[story]]
id = "C"
title = "c"
estimate = 1

[[log]]
date = 2026-02-24
done = ["A"]
started = ["B"]

[[log]]
date = 2026-02-25
reopened = ["A"]
added = ["C"]

[[log]]
date = 2026-02-26
done = ["A"]
`,
	"sprints/2.toml": `id = "S-2"
release = "R1"
start = 2026-03-09
end = 2026-03-20

[[story]]
id = "B"
feature = "F-2"
title = "b"
estimate = 2

[[log]]
date = 2026-03-10
done = ["B"]
`,
	"sprints/3.toml": `id = "S-3"
release = "R1"
start = 2026-03-23
end = 2026-03-27

[[story]]
id = "D"
title = "d"
estimate = 1
`,
}

func TestCheckerCatches(t *testing.T) {
	files := func() map[string][]byte {
		m := map[string][]byte{}
		for k, v := range tinySite {
			m[k] = []byte(v)
		}
		return m
	}
	if problems, _ := check(files()); len(problems) > 0 {
		t.Fatalf("valid tiny site: %v", problems)
	}
	for _, tc := range []struct {
		file, old, new, want string
	}{
		{"site.toml", `title = "t"`, "title = \"t\"\ncolour = 1", "unknown keys"},
		{"backlog/a.toml", `estimate = 5`, "estimate = 5\nrank = 1", "rank 1"},
		{"backlog/a.toml", `value = 2, effort = 3 }
`, `value = 2, effort = 11 }
`, "out of 1–10"},
		{"backlog/a.toml", `id = "F-2"`, `id = "F 2"`, "bad or duplicate feature id"},
		// Within one entry done applies before reopened, whatever the key order.
		{"sprints/1.toml", `reopened = ["A"]`, "reopened = [\"A\"]\ndone = [\"A\"]", "done on A"},
		{"sprints/1.toml", `reopened = ["A"]`, "reopened = [\"A\", \"B\"]", "reopened B"},
		{"sprints/1.toml", `done = ["A"]
started`, `done = ["A", "C"]
started`, "done on C"},
		{"sprints/1.toml", `date = 2026-02-26
done = ["A"]`, `date = 2026-02-26
done = ["A"]
removed = ["C"]

[[log]]
date = 2026-02-27
started = ["C"]`, "started on C after its removal"},
		{"sprints/1.toml", `date = 2026-02-26
done = ["A"]`, `date = 2026-02-26
done = ["A"]
added = ["C"]`, "added twice"},
		{"sprints/1.toml", `date = 2026-02-24`, `date = 2026-02-22`, "outside the sprint"},
		{"sprints/1.toml", `date = 2026-02-24`, `date = 2026-02-28`, "non-working day"},
		{"sprints/1.toml", `started = ["B"]`, `started = ["X"]`, "undeclared story X"},
		{"sprints/2.toml", `id = "B"`, `id = "A"`, "story A is done at the end"},
		{"sprints/2.toml", `start = 2026-03-09`, `start = 2026-03-06`, "overlaps"},
		{"sprints/3.toml", `id = "D"`, `id = "B"`, "carried"},
		{"releases/r.toml", `capacity = 4`, `capacity = 100`, "not a bit below scope"},
		{"site.toml", `as_of = 2026-03-11`, `as_of = 2026-03-24`, "not inside"},
	} {
		m := files()
		src := string(m[tc.file])
		if !strings.Contains(src, tc.old) {
			t.Fatalf("%s has no %q", tc.file, tc.old)
		}
		m[tc.file] = []byte(strings.Replace(src, tc.old, tc.new, 1))
		problems, _ := check(m)
		if !strings.Contains(strings.Join(problems, "\n"), tc.want) {
			t.Errorf("%s: %q → %q: want a problem with %q, got %q", tc.file, tc.old, tc.new, tc.want, problems)
		}
	}
}
