// Package report computes every figure of SPEC §3 as of one date: scores,
// ranks, sizes, sprint burndowns, velocity, release burnups and forecasts
// (the seeded Monte Carlo), flow, and the per-category and per-theme
// totals the pages show. It is the only place a figure is computed; render
// formats what it finds here, and data/report.json is the Report marshalled.
//
// It is pure: no I/O, no clock, no randomness but the seeded generator, so
// the same Site and date always give the same Report. It may import model
// and pure standard packages only; purity_test.go enforces the list.
package report
