package render

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"unicode/utf8"

	"github.com/backlogsite/backlogsite/internal/report"
)

// badgeMessage is the right half of a release's badge and its colour: the
// chance of making the date and the forecast date, or what stands instead.
func badgeMessage(rr *report.ReleaseReport) (msg, colour string) {
	switch {
	case !rr.Finished.IsZero():
		return "done " + fmtDate(rr.Finished), "#2e7d32"
	case rr.Forecast == nil:
		return "no forecast", "#616161"
	}
	f := rr.Forecast
	msg = fmtPct(f.OnTime) + " on time · forecast " + fmtDate(f.Date)
	// The colours of the site's odds, dark enough for white text (≥ 4.5:1).
	switch oddsClass(f.OnTime) {
	case "good":
		return msg, "#2e7d32"
	case "warn":
		return msg, "#8d5300"
	}
	return msg, "#c62828"
}

// badge is badges/<release>.svg, a flat badge for a README: the release's
// name, then its odds and forecast date. It is a standalone SVG (no
// script, no link, no font file): its text is escaped, and its width is
// worked out from the text so that it is the same on every machine; the
// renderer fits the text to it with textLength.
func badge(rr *report.ReleaseReport) []byte {
	label := rr.Name
	msg, colour := badgeMessage(rr)
	lw, mw := textWidth(label)+12, textWidth(msg)+12
	w := lw + mw
	whole := label + ": " + msg
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + itoa(w) + `" height="20" viewBox="0 0 ` + itoa(w) + ` 20" role="img" aria-label="`)
	xml.EscapeText(&b, []byte(whole))
	b.WriteString("\">\n<title>")
	xml.EscapeText(&b, []byte(whole))
	b.WriteString("</title>\n")
	b.WriteString(`<rect width="` + itoa(lw) + `" height="20" fill="#424242"/>` + "\n")
	b.WriteString(`<rect x="` + itoa(lw) + `" width="` + itoa(mw) + `" height="20" fill="` + colour + `"/>` + "\n")
	b.WriteString(`<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">` + "\n")
	badgeText(&b, lw/2, lw-12, label)
	badgeText(&b, lw+mw/2, mw-12, msg)
	b.WriteString("</g>\n</svg>\n")
	return b.Bytes()
}

func badgeText(b *bytes.Buffer, x, length int, text string) {
	b.WriteString(`<text x="` + itoa(x) + `" y="14" textLength="` + itoa(length) + `" lengthAdjust="spacingAndGlyphs">`)
	xml.EscapeText(b, []byte(text))
	b.WriteString("</text>\n")
}

// textWidth estimates the width of text at 11px in pixels: about 7 for
// each character, which Verdana's average is.
func textWidth(s string) int { return 7 * utf8.RuneCountInString(s) }

func itoa(n int) string { return strconv.Itoa(n) }
