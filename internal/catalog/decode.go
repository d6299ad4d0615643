package catalog

import (
	"gopkg.in/yaml.v3"

	"errdocs/internal/yamlx"
)

// DecodeNode reads a step: a remedy id, or a mapping {text: ...}.
func (s *Step) DecodeNode(d *yamlx.Decoder, n *yaml.Node) {
	s.Pos = d.Pos(n)
	switch n.Kind {
	case yaml.ScalarNode:
		s.Remedy = n.Value
		if s.Remedy == "" {
			d.Errorf(n, "empty remedy step: want a remedy id or {text: ...}")
		}
	case yaml.MappingNode:
		var inline struct {
			Text string `yaml:"text,required"`
		}
		d.Decode(n, &inline)
		s.Text = inline.Text
	default:
		d.Errorf(n, "want a remedy id or {text: ...}, got a list")
	}
}

// DecodeNode reads an id reference.
func (r *Ref) DecodeNode(d *yamlx.Decoder, n *yaml.Node) {
	r.Pos = d.Pos(n)
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "want an id, got a %s", kindName(n))
		return
	}
	if n.Tag != "!!null" {
		r.ID = n.Value
	}
}

// DecodeNode reads platform notes: a mapping from platform id to Markdown.
func (ns *Notes) DecodeNode(d *yamlx.Decoder, n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "want a mapping from platform id to note, got a %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.Errorf(k, "platform %q given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		note := Note{Platform: k.Value, Pos: d.Pos(k)}
		d.Decode(v, &note.Text)
		if note.Text == "" {
			d.Errorf(v, "empty note for platform %q: leave the platform out to show \"Similar to all supported platforms.\"", k.Value)
		}
		*ns = append(*ns, note)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "scalar"
}
