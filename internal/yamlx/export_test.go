package yamlx

import "gopkg.in/yaml.v3"

// For the tests of the fast path of ParseFile (fast_test.go), which live
// in yamlx_test to read front matter with page.Split.
var ParseFast = parseFast

// ParseSlow is ParseFile without its fast path.
func (d *Decoder) ParseSlow(src []byte) *yaml.Node { return d.parseSlow(src) }
