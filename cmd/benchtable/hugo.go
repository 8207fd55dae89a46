package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// hugoPages is the size of the Hugo reference site: as many pages as the L
// site has features.
const hugoPages = 10_000

// writeHugoSite writes a plain Hugo site of n Markdown pages with front
// matter and a one-table layout: the yardstick the L build is held to.
func writeHugoSite(dir string, n int) error {
	files := map[string]string{
		"config.toml": `baseURL = "https://example.org/"
title = "Hugo reference site"
languageCode = "en"
disableKinds = ["taxonomy", "term"]
`,
		"layouts/_default/baseof.html": `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
`,
		"layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<table>
<tr><th>Id</th><td>{{ .Params.id }}</td></tr>
<tr><th>Status</th><td>{{ .Params.status }}</td></tr>
<tr><th>Release</th><td>{{ .Params.release }}</td></tr>
<tr><th>Category</th><td>{{ .Params.category }}</td></tr>
<tr><th>Size</th><td>{{ .Params.size }}</td></tr>
<tr><th>Value</th><td>{{ .Params.value }}</td></tr>
<tr><th>Effort</th><td>{{ .Params.effort }}</td></tr>
<tr><th>Date</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
</table>
{{ .Content }}{{ end }}
`,
		"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }} pages</p>{{ end }}
`,
	}
	statuses := []string{"proposed", "ready", "in-progress", "done"}
	categories := []string{"Platform", "Billing", "Reporting", "Onboarding", "Search"}
	for i := 1; i <= n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Feature %d: improve the %s flow\"\n", i, strings.ToLower(categories[i%len(categories)]))
		fmt.Fprintf(&b, "date = 2026-%02d-%02dT00:00:00Z\nid = \"F-%d\"\nstatus = %q\nrelease = \"R-%d\"\ncategory = %q\nsize = %d\nvalue = %d\neffort = %d\n+++\n\n",
			1+i%12, 1+i%28, i, statuses[i%len(statuses)], 1+i%34, categories[i%len(categories)], 1+i%13, 1+i%10, 1+i%8)
		fmt.Fprintf(&b, "As a user of the %s area I want feature %d so that **work gets done** faster.\n\n", categories[i%len(categories)], i)
		b.WriteString("## Acceptance criteria\n\n- the page lists every item\n- filters keep their state\n- errors name the `field` at fault\n\n")
		b.WriteString("See [the guide](https://example.org/guide) for details. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n")
		files[fmt.Sprintf("content/features/f-%05d.md", i)] = b.String()
	}
	files["content/_index.md"] = "+++\ntitle = \"Home\"\n+++\n"
	files["content/features/_index.md"] = "+++\ntitle = \"Features\"\n+++\n"
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}
