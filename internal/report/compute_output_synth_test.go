package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/synth"
)

// TestJSONIsMarshalIndent: JSON, which encodes the long lists an element at
// a time, gives json.MarshalIndent's bytes on synthetic sites of every
// shape, with lists empty or not.
func TestJSONIsMarshalIndent(t *testing.T) {
	for name, c := range map[string]synth.Config{
		"one sprint":     {Features: 3, Sprints: 1, StoriesPerSprint: 5},
		"many releases":  {Features: 40, Sprints: 30, StoriesPerSprint: 12, Releases: 25, Seed: 3},
		"many features":  {Features: 900, Sprints: 12, StoriesPerSprint: 10, Seed: 7},
		"long markdown":  {Features: 30, Sprints: 4, StoriesPerSprint: 6, LongDescriptions: 2},
		"one-week, many": {Features: 200, Sprints: 60, StoriesPerSprint: 8, Releases: 9, OneWeekSprints: true},
	} {
		t.Run(name, func(t *testing.T) {
			site, err := load.FS(synth.FS(c), ".")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Compute(site, AsOf(site, 0))
			if err != nil {
				t.Fatal(err)
			}
			checkJSON(t, rep)
			// And with each long list empty, nil or one long.
			none := *rep
			none.Features, none.Releases, none.Sprints = nil, []*ReleaseReport{}, rep.Sprints[:1]
			checkJSON(t, &none)
		})
	}
}

func checkJSON(t *testing.T, rep *Report) {
	t.Helper()
	got, err := JSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("JSON differs from json.MarshalIndent at byte %d of %d (want %d):\n%.200s\nwant\n%.200s",
			i, len(got), len(want), got[max(0, i-100):], want[max(0, i-100):])
	}
}
