// Package generator turns a backlog site directory into a static website.
//
// The work is a pipeline of four stages, each with one job:
//
//   - Load reads site.toml, backlog/, releases/, sprints/ and pages/ into a
//     Site. Files are decoded into a generic TOML tree and read by typed
//     accessors that record every problem with its file, line and column,
//     so one run reports all of them (an ErrorList, sorted).
//   - Validation (inside Load) checks the rules that span entries and files:
//     unique ids and ranks, references, scorecard ranges and equations,
//     sprint logs replayed event by event, carry-over and overlapping
//     sprints. A Site that loads is valid; later stages may rely on it.
//   - Compute derives every figure of SPEC §3 (scores, positions, sizes,
//     sprint burndowns, velocity, release burnups and forecasts, the seeded
//     Monte Carlo) as of one date. It is a pure function: no I/O, no wall
//     clock, so the same Site and date always give the same Report.
//   - Render writes the pages, charts and data files of SPEC §4 from the
//     Site and Report through an Output (a directory, or memory for the
//     live server). Build runs the whole pipeline and swaps the finished
//     output directory in only when every stage succeeded.
//
// Dates are Date values (calendar day numbers), never time.Time in a
// location, so no figure depends on the machine's time zone.
package generator
