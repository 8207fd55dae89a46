// Package generator is the public entry of backlogsite: Open runs load,
// the as-of date and report for a site directory, and Build runs the whole
// pipeline into an output directory, swapping it in only when every stage
// succeeded.
//
// The stages live in internal/ (model → load → report → render → output)
// and this package only wires them; it holds no rule of its own. It may
// import every stage; no stage imports it.
package generator
