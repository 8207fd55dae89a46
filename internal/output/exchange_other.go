//go:build !linux

package output

// exchange has no atomic form outside Linux here; Swap falls back to two
// renames (macOS's renamex_np(RENAME_SWAP) would do, and could be added).
func exchange(a, b string) error { return errExchangeUnsupported }
