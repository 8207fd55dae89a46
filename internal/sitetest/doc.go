// Package sitetest holds the fixtures that the tests of several pipeline
// stages share: the project's copy of the SPEC's worked example, the
// content example, and cached synthetic sites for benchmarks.
//
// It is imported by tests only. It may import the standard library and
// internal/synth, never a pipeline stage, so that any stage's tests can
// use it without an import cycle.
package sitetest
