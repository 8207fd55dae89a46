package importer

import (
	"fmt"
	"strings"
)

// Plural writes "1 story" or "3 stories".
func Plural(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Agree picks the word that agrees with n: Agree(n, "was", "were").
func Agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// AddNote appends a note about items to notes, when there is any item: a
// reader's notes are about the issues it skipped or guessed for. The note
// says how many items, as noun, then the verb agreeing with them (one or
// many), then rest: "3 sub-tasks are left out".
func AddNote(notes []Note, items []string, noun, one, many, rest string) []Note {
	if len(items) == 0 {
		return notes
	}
	text := Plural(len(items), noun) + " " + Agree(len(items), one, many) + " " + rest
	return append(notes, Note{Text: text, Items: items})
}
