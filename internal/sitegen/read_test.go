package sitegen

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// denied is a file system whose static files exist but cannot be read, as
// a file of mode 000 is to a user other than root.
type denied struct{ fstest.MapFS }

func (d denied) Open(name string) (fs.File, error) {
	info, err := d.MapFS.Stat(name)
	if err != nil || info.IsDir() || !strings.HasPrefix(name, "static/") {
		return d.MapFS.Open(name)
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
}

// TestOverlayUnreadable: a site file that exists but cannot be read is that
// error; the theme's file of the same name does not stand in for it.
func TestOverlayUnreadable(t *testing.T) {
	site := denied{fstest.MapFS{"static/css/site.css": {Data: []byte("site")}}}
	theme := fstest.MapFS{
		"static/css/site.css":  {Data: []byte("theme")},
		"static/css/other.css": {Data: []byte("other")},
	}
	o := overlay{site, theme}
	if b, err := fs.ReadFile(o, "static/css/site.css"); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("ReadFile = %q, %v; want the site's permission error", b, err)
	}
	if b, err := fs.ReadFile(o, "static/css/other.css"); err != nil || string(b) != "other" {
		t.Errorf("ReadFile of a theme-only file = %q, %v; want the theme's", b, err)
	}
}

// TestUnreadableStatic: a build reports a static file it cannot read, by
// name, rather than publish the theme's file of the same name.
func TestUnreadableStatic(t *testing.T) {
	site := denied{fstest.MapFS{
		"content/_index.md":   {Data: []byte("---\ntitle: Home\n---\n")},
		"static/css/site.css": {Data: []byte("body{}")},
	}}
	_, err := Build(Config{Src: site, Theme: repoTheme})
	want := "static/css/site.css: permission denied"
	if err == nil || err.Error() != want {
		t.Errorf("Build: %v, want %s", err, want)
	}
}

// TestDotFoldersNotPublished: nothing below a dot-folder of static/ (a
// .git folder holds remotes and credentials) is published, nor a dot-file.
func TestDotFoldersNotPublished(t *testing.T) {
	site := fstest.MapFS{
		"content/_index.md":       {Data: []byte("---\ntitle: Home\n---\n")},
		"static/.git/config":      {Data: []byte("[remote \"origin\"]\n")},
		"static/.env":             {Data: []byte("TOKEN=x\n")},
		"static/img/.DS_Store":    {Data: []byte("x")},
		"static/img/logo.svg":     {Data: []byte("<svg/>")},
		"content/.drafts/note.md": {Data: []byte("---\ntitle: Note\n---\n")},
	}
	res, err := Build(Config{Src: site, Theme: repoTheme})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Tree.Paths() {
		if strings.HasPrefix(p, ".") || strings.Contains(p, "/.") || strings.Contains(p, "note") {
			t.Errorf("published %s", p)
		}
	}
	if !res.Tree.Has("img/logo.svg") {
		t.Error("img/logo.svg is not published")
	}
}
