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
