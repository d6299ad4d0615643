package publish

import (
	"bytes"
	"io/fs"

	"gopkg.in/yaml.v3"

	"errdocs/internal/diag"
)

// The model keeps the position of an error's example, not of each line of
// its body. When a problem concerns one of those lines, the source is read
// again to point at it: the data was decoded once already, so this cannot
// fail in a new way, and it is done only for the few files concerned.

// yamlSource is one YAML document of a source file.
type yamlSource struct {
	file  string
	lines [][]byte // the document's lines, for indentation
	root  *yaml.Node
}

// readYAML reads the YAML of a data file. It returns nil if the file
// cannot be read.
func readYAML(fsys fs.FS, file string) *yamlSource {
	if fsys == nil {
		return nil
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil
	}
	ys := &yamlSource{file: file}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	ys.root = doc.Content[0]
	ys.lines = bytes.Split(src, []byte("\n"))
	return ys
}

// pos returns the position of n.
func (ys *yamlSource) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: ys.file, Line: n.Line, Col: n.Column}
}

// lookup returns the value at the path of mapping keys, or nil.
func (ys *yamlSource) lookup(keys ...string) *yaml.Node {
	if ys == nil {
		return nil
	}
	n := ys.root
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

// textPos maps a position in the text of the scalar at keys (0-based line
// and byte column within that text) to a position in the file. That is
// exact for a literal block ("body: |"), whose lines are the file's lines
// less their indentation; for any other style it is the scalar's start.
func (ys *yamlSource) textPos(line, col int, keys ...string) (diag.Pos, bool) {
	n := ys.lookup(keys...)
	if n == nil {
		return diag.Pos{}, false
	}
	start := ys.pos(n)
	if n.Kind != yaml.ScalarNode || n.Style != yaml.LiteralStyle {
		return start, true
	}
	// The block's text starts on the line after the "|" indicator; its
	// indentation is that of its first line that is not blank.
	first := n.Line // 1-based line of "|" in the document = 0-based index of the next line
	indent := -1
	for i := first; i < len(ys.lines); i++ {
		l := ys.lines[i]
		if t := bytes.TrimLeft(l, " "); len(bytes.TrimSpace(t)) > 0 {
			indent = len(l) - len(t)
			break
		}
	}
	if indent < 0 {
		return start, true
	}
	return diag.Pos{File: ys.file, Line: first + 1 + line, Col: indent + col + 1}, true
}
