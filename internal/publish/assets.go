package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"path"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/parse/v2"

	"errdocs/internal/diag"
	"errdocs/internal/output"
	"errdocs/internal/srcfs"
)

// HashLen is the number of hex digits of a fingerprint: the first
// HashLen digits of the SHA-256 of the published (minified) content.
const HashLen = 10

// assets holds the CSS and JS files, minified when asked, under both their
// own path and their fingerprinted one.
type assets struct {
	files map[string][]byte // "css/site.css" -> content as published
	urls  map[string]string // "css/site.css" -> "/css/site.0123456789.css"
}

func newAssets() *assets {
	return &assets{files: map[string][]byte{}, urls: map[string]string{}}
}

// fingerprinted reports whether a static file is fingerprinted.
func fingerprinted(p string) bool {
	ext := path.Ext(p)
	return ext == ".css" || ext == ".js"
}

// Fingerprint returns the fingerprinted path of a file: "css/site.css"
// becomes "css/site.<hash>.css".
func Fingerprint(p string, content []byte) string {
	sum := sha256.Sum256(content)
	ext := path.Ext(p)
	return strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:HashLen] + ext
}

// Assets reads every CSS and JS file of static (the merged static/ folder)
// and the generated files (such as "css/chroma.css"), minifies them when
// Config.Minify is set and fingerprints them, so that Asset can answer
// before any page is rendered. A file that does not parse is a problem.
func (p *Publisher) Assets(static fs.FS, generated map[string][]byte, problems *diag.List) {
	add := func(name string, b []byte) {
		if p.cfg.Minify {
			m, err := minifyAsset(name, b)
			if err != nil {
				problems.Add(assetProblem(name, err))
				return
			}
			b = m
		}
		p.assets.files[name] = b
		p.assets.urls[name] = "/" + Fingerprint(name, b)
	}
	if static != nil {
		err := fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && name == "." {
					return fs.SkipAll
				}
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") || !fingerprinted(name) {
				return nil
			}
			b, err := fs.ReadFile(static, name)
			if err != nil {
				problems.Add(srcfs.Problem(path.Join("static", name), err))
				return nil
			}
			add(name, b)
			return nil
		})
		if err != nil {
			problems.Add(diag.Problem{File: "static", Msg: err.Error()})
		}
	}
	for name, b := range generated {
		add(name, b)
	}
}

// Asset returns the published URL of a static file: the fingerprinted URL
// of a CSS or JS file, else "/" + name. It is render.Config.Asset.
func (p *Publisher) Asset(name string) string {
	if u, ok := p.assets.urls[name]; ok {
		return u
	}
	return "/" + name
}

// AssetURLs returns what Asset answers for each fingerprinted file: its
// published URL by its path.
func (p *Publisher) AssetURLs() map[string]string { return maps.Clone(p.assets.urls) }

// addTo adds each asset under its own path (replacing the copied original)
// and its fingerprinted path.
func (a *assets) addTo(tree output.Store) {
	for name, b := range a.files {
		tree.Add(name, b)
		tree.Add(strings.TrimPrefix(a.urls[name], "/"), b)
	}
}

// immutable returns the tree paths of the fingerprinted files.
func (a *assets) immutable() []string {
	var out []string
	for _, u := range a.urls {
		out = append(out, strings.TrimPrefix(u, "/"))
	}
	return out
}

func assetProblem(name string, err error) diag.Problem {
	pr := diag.Problem{File: "static/" + name, Msg: err.Error()}
	var pe *parse.Error
	if errors.As(err, &pe) && pe.Message != "" {
		pr.Line, pr.Col, pr.Msg = pe.Line, pe.Column, strings.ToLower(pe.Message[:1])+pe.Message[1:]
	}
	if name == "css/chroma.css" {
		pr.File = name
	}
	return pr
}

// minifyAsset minifies a CSS or JS file with tdewolff's minifier, whose
// output depends only on its input, so builds stay byte-identical.
func minifyAsset(name string, b []byte) ([]byte, error) {
	m := minify.New()
	m.Add("text/css", &css.Minifier{})
	// Variable names are kept so the scripts read the same in a debugger,
	// and nothing that another script or the page refers to is renamed.
	m.Add("text/javascript", &js.Minifier{KeepVarNames: true})
	if path.Ext(name) == ".js" {
		return m.Bytes("text/javascript", b)
	}
	return m.Bytes("text/css", b)
}
