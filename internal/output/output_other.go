//go:build !unix

package output

import "os"

// writeNewFile writes data to a file at path, created or truncated.
func writeNewFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o644)
}
