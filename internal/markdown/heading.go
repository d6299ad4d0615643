package markdown

import (
	"fmt"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// headingRenderer renders headings with their id, a "#" permalink and a
// copy-link button.
type headingRenderer struct{}

func (r *headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.render)
}

func (r *headingRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id, _ := n.AttributeString("id")
	idb, _ := id.([]byte)
	if entering {
		fmt.Fprintf(w, "<h%d", n.Level)
		if len(idb) > 0 {
			fmt.Fprintf(w, ` id="%s"`, util.EscapeHTML(idb))
		}
		if c, ok := n.AttributeString("class"); ok {
			if cb, ok := c.([]byte); ok {
				fmt.Fprintf(w, ` class="%s"`, util.EscapeHTML(cb))
			}
		}
		w.WriteString(">")
		return ast.WalkContinue, nil
	}
	if len(idb) > 0 {
		w.WriteString(" ")
		w.WriteString(AnchorLinks(string(idb), PlainText(n, src)))
	}
	fmt.Fprintf(w, "</h%d>\n", n.Level)
	return ast.WalkContinue, nil
}

// AnchorLinks returns the "#" permalink that sits beside every anchored
// heading and entry; label names the target, as in "Link to 401
// Unauthorized". site.js puts a copy-link button beside each (it needs
// JavaScript anyway): written into every page, the buttons were 7% of the
// bytes of a 10,000-page site.
func AnchorLinks(id, label string) string {
	id, label = html.EscapeString(id), html.EscapeString(label)
	return `<a class="anchor" href="#` + id + `" aria-label="Link to ` + label + `">#</a>`
}
