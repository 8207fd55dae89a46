// Package importer turns backlogs kept in other tools into a backlogsite
// site directory.
//
// The readers (subpackages jira and github) reduce an export to a Backlog:
// the issues, sprints and versions the export names, with what each export
// could tell about them. Assemble turns a Backlog into a Site, the files of
// a site directory in memory, making the guesses the site format needs (when
// a story was done, which release a sprint served) and writing each guess
// down as a Note. Files renders a Site as TOML with fixed formatting, so that
// the same export always gives byte-identical files, and WriteDir writes them
// into an empty directory.
package importer
