package markdown

import (
	"strings"
	"testing"
)

func TestGlossaryLinks(t *testing.T) {
	r := New(Config{Terms: []Term{
		{Name: "access token", URL: "/glossary/#access-token"},
		{Name: "OAuth", URL: "/glossary/#oauth"},
		{Name: "token", URL: "/glossary/#token"},
	}})
	tests := []struct {
		name, src string
		want      []string // substrings of the output
		not       []string
	}{
		{
			name: "first use only, case-insensitive, longest term wins",
			src:  "An Access Token is a token. Another access token.",
			want: []string{`<a href="/glossary/#access-token" class="term">Access Token</a> is a <a href="/glossary/#token" class="term">token</a>. Another access token.`},
		},
		{
			name: "whole words only",
			src:  "OAuthish tokens, then OAuth-based auth.",
			want: []string{`OAuthish tokens, then <a href="/glossary/#oauth" class="term">OAuth</a>-based auth.`},
		},
		{
			name: "not in code, links or headings",
			src:  "# OAuth\n\nUse `token` and [OAuth docs](/x/).\n\n```\ntoken\n```\n",
			not:  []string{`class="term"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.NewDoc().Render([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := string(res.HTML)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output:\n%s\nwant it to contain:\n%s", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("output:\n%s\nwant no %q", got, n)
				}
			}
		})
	}
}

func TestDocLinksTermOncePerPage(t *testing.T) {
	r := New(Config{Terms: []Term{{Name: "OAuth", URL: "/glossary/#oauth"}}})
	d := r.NewDoc()
	a, _ := d.Inline("OAuth here")
	b, _ := d.Inline("OAuth again")
	if !strings.Contains(a, `class="term"`) || strings.Contains(b, `class="term"`) {
		t.Errorf("first fragment %q, second %q: want only the first linked", a, b)
	}
	if c, _ := r.NewDoc().Inline("OAuth"); !strings.Contains(c, "term") {
		t.Errorf("a new page links again: got %q", c)
	}
	g := r.NewDoc()
	g.NoTerms = true
	if c, _ := g.Inline("OAuth"); strings.Contains(c, "term") {
		t.Errorf("with NoTerms (the glossary page) got %q, want no link", c)
	}
}

func TestInline(t *testing.T) {
	r := New(Config{})
	for src, want := range map[string]string{
		"one **bold** line": "one <strong>bold</strong> line",
		"two\n\nparagraphs": "<p>two</p>\n<p>paragraphs</p>",
		"- a\n- b":          "<ul>\n<li>a</li>\n<li>b</li>\n</ul>",
		"<b>raw</b> html":   "<!-- raw HTML omitted -->raw<!-- raw HTML omitted --> html",
	} {
		got, err := r.NewDoc().Inline(src)
		if err != nil || got != want {
			t.Errorf("Inline(%q) = %q, %v; want %q", src, got, err, want)
		}
	}
}

func TestHeadingsAndCode(t *testing.T) {
	r := New(Config{MaxCodeBlock: 20})
	res, err := r.NewDoc().Render([]byte("## Set up\n\n### Keys {#keys}\n\n```json\n{\"a\": 1}\n```\n\n```json\n{\"a\": \"this block is over the cap\"}\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Headings) != 2 || res.Headings[0].ID != "set-up" || res.Headings[1].ID != "keys" || res.Headings[1].Level != 3 {
		t.Errorf("headings = %+v", res.Headings)
	}
	got := string(res.HTML)
	for _, w := range []string{
		`<h2 id="set-up">Set up <a class="anchor" href="#set-up" aria-label="Link to Set up">#</a></h2>`,
		`<div class="code" data-lang="json"><pre class="chroma"><code><span class="line"><span class="cl"><span class="p">{</span>`,
		`<div class="code"><pre class="chroma"><code>{&quot;a&quot;: &quot;this block is over the cap&quot;}`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("output:\n%s\nwant it to contain:\n%s", got, w)
		}
	}
}

// TestTermAcrossTextCuts: goldmark hands "use the access token" over as
// two text nodes, "use the access" and " token"; the longer term must
// still win, in a page body as in a field.
func TestTermAcrossTextCuts(t *testing.T) {
	r := New(Config{Terms: []Term{{Name: "access", URL: "/glossary/#access"}, {Name: "access token", URL: "/glossary/#access-token"}}})
	for _, src := range []string{"Use the access token", "Use the access token.\n\nMore."} {
		res, err := r.NewDoc().Render([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(res.HTML), `<a href="/glossary/#access-token" class="term">access token</a>`) {
			t.Errorf("Render(%q) = %s, want access token linked", src, res.HTML)
		}
	}
}
