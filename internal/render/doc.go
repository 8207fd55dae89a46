// Package render turns a model.Site and its report.Report into the files
// of the website: pages from the theme's templates (a site's layouts/
// override them by name), ECharts options marshalled as JSON data, static
// files, data/report.json and data/backlog.csv. It only formats: every
// number it shows is a field of the Report.
//
// It reads the theme and the site's layouts/ and static/ through file
// systems, writes only through an output.Output, and may import model,
// report, audience, output and the theme. The public roadmap
// (render_public.go) is made from an audience.View alone.
package render
