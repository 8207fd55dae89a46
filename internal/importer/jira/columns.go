package jira

import (
	"strings"
)

// columns holds, for each field the import reads, the indexes of the CSV
// columns that carry it. Jira repeats a column once per value (Sprint,
// Labels, Fix Version/s …), so every field may have several.
type columns struct {
	key, id, summary, issueType, status, category, resolution, priority []int
	created, updated, resolved, categoryChanged, description, rank      []int
	project, parentKey, parent, parentID, epicLink, points              []int
	sprint, labels, components, versions                                []int
}

// headerNames maps each accepted header, lower-cased, to its field. Jira
// renamed issues "work items" in 2025; both names are read.
func (c *columns) headerNames() map[string]*[]int {
	return map[string]*[]int{
		"issue key": &c.key, "work item key": &c.key, "key": &c.key,
		"issue id": &c.id, "work item id": &c.id,
		"summary":    &c.summary,
		"issue type": &c.issueType, "work type": &c.issueType,
		"status":                  &c.status,
		"status category":         &c.category,
		"resolution":              &c.resolution,
		"priority":                &c.priority,
		"created":                 &c.created,
		"updated":                 &c.updated,
		"resolved":                &c.resolved,
		"status category changed": &c.categoryChanged,
		"description":             &c.description,
		"custom field (rank)":     &c.rank, "rank": &c.rank,
		"project name": &c.project,
		"parent key":   &c.parentKey, "parent": &c.parent, "parent id": &c.parentID,
		"custom field (epic link)":            &c.epicLink,
		"custom field (story points)":         &c.points,
		"custom field (story point estimate)": &c.points,
		"story points":                        &c.points,
		"sprint":                              &c.sprint,
		"labels":                              &c.labels,
		"component/s":                         &c.components, "components": &c.components,
		"fix version/s": &c.versions, "fix versions": &c.versions,
	}
}

// readHeader finds the columns; missing lists the required ones absent.
func readHeader(header []string) (c columns, missing []string) {
	names := c.headerNames()
	for i, h := range header {
		if p := names[strings.ToLower(strings.TrimSpace(h))]; p != nil {
			*p = append(*p, i)
		}
	}
	for _, req := range []struct {
		name string
		idx  []int
	}{{"Issue key", c.key}, {"Summary", c.summary}, {"Issue Type", c.issueType}, {"Created", c.created}} {
		if len(req.idx) == 0 {
			missing = append(missing, req.name)
		}
	}
	return c, missing
}

// first is the first non-empty value of a field in a row.
func first(rec []string, idx []int) string {
	for _, i := range idx {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); v != "" {
				return v
			}
		}
	}
	return ""
}

// all is every non-empty value of a repeated field, in column order,
// without repeats.
func all(rec []string, idx []int) []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range idx {
		if i >= len(rec) {
			continue
		}
		if v := strings.TrimSpace(rec[i]); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
