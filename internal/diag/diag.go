// Package diag holds the problems a build reports: each one names a file, a
// line and a column, and says in plain words what is wrong.
//
// Every stage of the pipeline collects problems into a List instead of
// stopping at the first, so a writer sees all of them at once, sorted by
// file and position, printed as
//
//	content/errors/_index.md:3:8: unknown front matter key "wieght"
package diag

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with the input. Line and Col are 1-based; zero
// means unknown (the problem concerns the whole file).
type Problem struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Msg
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Col == 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Pos is a position in a source file.
type Pos struct {
	File string
	Line int
	Col  int
}

// Errorf returns a Problem at pos.
func (pos Pos) Errorf(format string, args ...any) Problem {
	return Problem{File: pos.File, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)}
}

// String prints pos as "file:line:col", leaving out what is unknown.
func (pos Pos) String() string {
	return strings.TrimSuffix(Problem{File: pos.File, Line: pos.Line, Col: pos.Col, Msg: "-"}.String(), ": -")
}

// At returns the position of the byte at offset off of text, the part of
// file that starts on line firstLine (0 means 1). Columns count
// characters, as the YAML positions do.
func At(file string, text []byte, off, firstLine int) Pos {
	before := text[:off]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return Pos{File: file, Line: max(firstLine, 1) + bytes.Count(before, []byte("\n")),
		Col: utf8.RuneCount(before[lineStart:]) + 1}
}

// CheckUTF8 adds a problem at the first byte of text (as At places it)
// that is not valid UTF-8, and reports whether there was none.
func CheckUTF8(l *List, file string, text []byte, firstLine int) bool {
	if utf8.Valid(text) {
		return true
	}
	off := 0
	for off < len(text) {
		r, n := utf8.DecodeRune(text[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	l.Addf(At(file, text, off, firstLine), "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", text[off])
	return false
}

// List is a set of problems. Its zero value is empty and ready to use.
type List []Problem

// Add appends p.
func (l *List) Add(p Problem) { *l = append(*l, p) }

// Addf appends a problem at pos.
func (l *List) Addf(pos Pos, format string, args ...any) { l.Add(pos.Errorf(format, args...)) }

// Sort orders the problems by file, line, column and message, and drops
// exact duplicates.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Msg, b.Msg))
	})
	return slices.Compact(l)
}

// Err returns the sorted list as an error, or nil if it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sort()
}

// Error prints one problem per line.
func (l List) Error() string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}
