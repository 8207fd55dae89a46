package importer

import (
	"fmt"
	"path/filepath"
	"strings"
)

// limitations are what no export tells, whatever the tool: the README says
// them so that nobody reads the imported figures as more than they are.
const limitations = `- **Scope added during a sprint.** An export says which sprints an issue was
  in, not when it entered them. An issue created after its sprint began is
  logged as added on the day it was created; an issue moved into a running
  sprint from the backlog looks as if it had been committed on the first
  day.
- **Scope removed during a sprint.** An issue taken out of a running sprint
  no longer names it, so the sprint shows neither the issue nor its removal.
- **Re-estimates.** Only the current estimate is exported. Each story keeps
  it in every sprint from the first day, so the sprints show no re-estimate.
- **What was left of a carried-over story.** A story in several sprints has
  its whole estimate in each of them.
- **When work began.** Only stories in progress get a *started* event, so
  the flow report's cycle time of a story done without one is a single day.
- **The calendar.** Working days are Monday to Friday, with no holiday and
  no day off: add them to site.toml and the sprint files.
- **Business value.** The scorecard has one metric, the priority, since the
  export has nothing else to score by. Replace it with your own (see
  docs/format.md) and give each feature its scores.
- **Capacity.** Sprints have no capacity (the site uses the average
  velocity); a release's capacity is its scope.
`

// readme is the README.md written into the site directory: where the files
// came from and what they cannot be trusted for.
func (s *Site) readme() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(s.Title))
	fmt.Fprintf(&b, "This site directory was written by `backlogsite import` from a %s export:\n\n", s.Source)
	for _, in := range s.Inputs {
		// The file's name only: where the export lies on one machine is
		// not part of the site, which stays the same wherever it lies.
		fmt.Fprintf(&b, "- `%s`\n", filepath.Base(in))
	}
	stories := map[string]bool{}
	for _, sp := range s.Sprints {
		for _, st := range sp.Stories {
			stories[st.ID] = true
		}
	}
	fmt.Fprintf(&b, "\nIt holds %s, %s, %s and %s", Plural(len(s.Features), "feature"), Plural(len(s.Releases), "release"),
		Plural(len(s.Sprints), "sprint"), Plural(len(stories), "story"))
	if !s.AsOf.IsZero() {
		fmt.Fprintf(&b, ", as of %s", s.AsOf)
	}
	b.WriteString(". `backlogsite check` validates it and `backlogsite build` makes the website. ")
	b.WriteString("The files are yours from now on: edit them as the plan changes. Importing again writes a new directory; it never changes this one.\n")
	b.WriteString("\n## What the export could not tell\n\n")
	b.WriteString(limitations)
	if len(s.Notes) > 0 {
		b.WriteString("\n## What the import guessed\n\n")
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "- %s.", capitalize(n.Text))
			if len(n.Items) > 0 {
				b.WriteString(" " + codeList(n.Items) + ".")
			}
			b.WriteByte('\n')
		}
	}
	if len(s.Problems) > 0 {
		b.WriteString("\n## Left out\n\nThese rows of the export could not be read and are not in the site (it was written with `--partial`):\n\n")
		for _, p := range s.Problems.Sorted() {
			fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(p.String(), "`", "'"))
		}
	}
	return b.String()
}

func codeList(items []string) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = "`" + strings.ReplaceAll(oneLine(it), "`", "'") + "`"
	}
	return strings.Join(parts, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
