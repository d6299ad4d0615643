package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Query is a parsed query.
type Query struct {
	Words []string // folded, stopwords dropped (but the last word if it is a prefix)
	// Prefix says whether the last word also matches longer words.
	Prefix bool
	// Code is the whole query as one hyphenated id ("401-tmus"), or "".
	Code string
}

// ParseQuery folds and splits q with the rules in the index's manifest,
// as static/js/search.js does.
func (r *Reader) ParseQuery(q string) Query { return parseQuery(q, &r.man) }

func parseQuery(q string, m *manifest) Query {
	f := Fold(q)
	ws := words(f)
	var out Query
	if len(ws) == 0 {
		return out
	}
	trimmed := strings.TrimSpace(f)
	last := ws[len(ws)-1]
	out.Prefix = strings.TrimRightFunc(f, unicode.IsSpace) == f && len([]rune(last)) >= m.MinPrefix
	if strings.Contains(trimmed, "-") && !strings.ContainsFunc(trimmed, unicode.IsSpace) && len(ws) > 1 {
		out.Code = strings.Join(ws, "-")
	}
	seen := map[string]bool{}
	for i, w := range ws {
		isLast := i == len(ws)-1
		if seen[w] || slices.Contains(m.Stopwords, w) && !(isLast && out.Prefix) {
			continue
		}
		seen[w] = true
		out.Words = append(out.Words, w)
	}
	out.Words = out.Words[:min(len(out.Words), m.MaxWords)]
	if len(out.Words) == 0 || out.Words[len(out.Words)-1] != last {
		out.Prefix = false
	}
	return out
}

// Reader reads a built index the way the browser does: the manifest first,
// then only the buckets and chunks a query needs. It records every file it
// reads, so tests and benchmarks can measure what a query transfers.
type Reader struct {
	fsys    fs.FS
	man     manifest
	buckets map[int]map[string]string
	chunks  map[int][][]string
	// Fetched lists the files read, in order, below the output root.
	Fetched []string
}

// Open reads the manifest of the index in fsys (an output tree).
func Open(fsys fs.FS) (*Reader, error) {
	r := &Reader{fsys: fsys, buckets: map[int]map[string]string{}, chunks: map[int][][]string{}}
	if err := r.read(Dir+"/manifest.json", &r.man); err != nil {
		return nil, err
	}
	if r.man.Version != formatVersion {
		return nil, fmt.Errorf("%s/manifest.json: version %d, want %d", Dir, r.man.Version, formatVersion)
	}
	return r, nil
}

func (r *Reader) read(name string, v any) error {
	b, err := fs.ReadFile(r.fsys, name)
	if err != nil {
		return err
	}
	r.Fetched = append(r.Fetched, name)
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// Hit is one result.
type Hit struct {
	Doc   int
	Kind  Kind
	URL   string
	Title string
	Sub   string
	Text  string
	Score int
}

// Results are the answer to a query.
type Results struct {
	Query Query
	Total int   // documents matching
	Hits  []Hit // the first limit of them, best first
}

// match is the best match of one word in one document.
type match struct {
	impact int
	exact  bool
}

func (m match) score() int {
	if m.exact {
		return 2 * m.impact
	}
	return m.impact
}

// better reports whether m beats o as a word's match in a document: a
// higher score, or an equal score from a higher impact.
func (m match) better(o match) bool {
	return m.score() > o.score() || m.score() == o.score() && m.impact > o.impact
}

// Search runs q and returns the best limit results.
func (r *Reader) Search(q string, limit int) (Results, error) {
	res := Results{Query: r.ParseQuery(q)}
	pq := res.Query
	type ranked struct {
		doc            int
		code           int // 2: code equals the query id, 1: starts with it
		titles, points int
	}
	var all []ranked
	inCode := map[int]int{}
	if pq.Code != "" {
		ms, err := r.lookup(codeTerm(pq.Code), pq.Prefix)
		if err != nil {
			return res, err
		}
		for d, m := range ms {
			if m.impact >= impactStatus {
				inCode[d] = 1
				if m.exact {
					inCode[d] = 2
				}
			}
		}
	}
	var perWord []map[int]match
	for i, w := range pq.Words {
		ms, err := r.lookup(w, pq.Prefix && i == len(pq.Words)-1)
		if err != nil {
			return res, err
		}
		perWord = append(perWord, ms)
	}
	seen := map[int]bool{}
	if len(perWord) > 0 {
		slices.SortStableFunc(perWord, func(a, b map[int]match) int { return cmp.Compare(len(a), len(b)) })
	docs:
		for d := range perWord[0] {
			rk := ranked{doc: d, code: inCode[d]}
			for _, ms := range perWord {
				m, ok := ms[d]
				if !ok {
					continue docs
				}
				if m.impact >= r.man.MinTitle {
					rk.titles++
				}
				rk.points += m.score()
			}
			seen[d] = true
			all = append(all, rk)
		}
	}
	for d, c := range inCode {
		if !seen[d] {
			all = append(all, ranked{doc: d, code: c})
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.code, a.code), cmp.Compare(b.titles, a.titles),
			cmp.Compare(b.points, a.points), cmp.Compare(a.doc, b.doc))
	})
	res.Total = len(all)
	for _, rk := range all[:min(limit, len(all))] {
		h, err := r.Hit(rk.doc)
		if err != nil {
			return res, err
		}
		h.Score = rk.points
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// Hit returns document d (0 <= d < Docs()) as a result without a score.
func (r *Reader) Hit(d int) (Hit, error) {
	row, err := r.doc(d)
	if err != nil {
		return Hit{}, err
	}
	return Hit{Doc: d, Kind: Kind(row[0]), URL: row[1], Title: row[2], Sub: row[3], Text: row[4]}, nil
}

// lookup returns the documents containing w (or, if prefix, a word
// starting with w), each with its best match.
func (r *Reader) lookup(w string, prefix bool) (map[int]match, error) {
	out := map[int]match{}
	for _, bi := range r.bucketsFor(w, prefix) {
		bk, err := r.bucket(bi)
		if err != nil {
			return nil, err
		}
		for t, ps := range bk {
			exact := t == w
			if !exact && !(prefix && strings.HasPrefix(t, w)) {
				continue
			}
			impacts, gaps, _ := strings.Cut(ps, " ")
			doc, acc, k := 0, 0, 0
			for i := 0; i < len(gaps); i++ {
				v := strings.IndexByte(alphabet, gaps[i])
				if v >= 32 {
					acc = acc*32 + v - 32
					continue
				}
				doc += acc*32 + v
				acc = 0
				m := match{impact: strings.IndexByte(alphabet, impacts[k]), exact: exact}
				k++
				if old, ok := out[doc]; !ok || m.better(old) {
					out[doc] = m
				}
			}
		}
	}
	return out, nil
}

// bucketsFor returns the buckets that can hold w or, if prefix, the words
// starting with w: the longest key that is a prefix of w, and every key
// that starts with w.
func (r *Reader) bucketsFor(w string, prefix bool) []int {
	var out []int
	home := -1
	for i, k := range r.man.Buckets {
		if strings.HasPrefix(w, k) && (home < 0 || len(k) > len(r.man.Buckets[home])) {
			home = i
		}
	}
	if home >= 0 {
		out = append(out, home)
	}
	if prefix {
		for i, k := range r.man.Buckets {
			if i != home && strings.HasPrefix(k, w) {
				out = append(out, i)
			}
		}
	}
	return out
}

func (r *Reader) bucket(i int) (map[string]string, error) {
	if b, ok := r.buckets[i]; ok {
		return b, nil
	}
	var b map[string]string
	if err := r.read(Dir+"/p/"+strconv.Itoa(i)+".json", &b); err != nil {
		return nil, err
	}
	r.buckets[i] = b
	return b, nil
}

// doc returns document d's row: kind, url, title, sub, text.
func (r *Reader) doc(d int) ([]string, error) {
	c, _ := slices.BinarySearch(r.man.Chunks, d)
	if c == len(r.man.Chunks) || r.man.Chunks[c] > d {
		c--
	}
	if c < 0 {
		return nil, fmt.Errorf("%s: no document %d", Dir, d)
	}
	rows, ok := r.chunks[c]
	if !ok {
		if err := r.read(Dir+"/d/"+strconv.Itoa(c)+".json", &rows); err != nil {
			return nil, err
		}
		r.chunks[c] = rows
	}
	if i := d - r.man.Chunks[c]; i < len(rows) && len(rows[i]) == 5 {
		return rows[i], nil
	}
	return nil, fmt.Errorf("%s: document %d missing from chunk %d", Dir, d, c)
}

// Docs returns the number of documents in the index.
func (r *Reader) Docs() int { return r.man.Docs }
