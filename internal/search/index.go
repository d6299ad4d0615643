package search

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Dir is the folder of the index in the output tree.
const Dir = "search-index"

// Index is a built index: the documents and their postings, ready to be
// written out as Files.
type Index struct {
	Docs  []*Doc
	terms []termPostings // sorted by word
	cfg   Config
}

type posting struct {
	doc    int32
	impact uint8
}

// Build indexes every document of the site with the pages added so far.
// It makes the documents and their words on up to runtime.GOMAXPROCS(0)
// goroutines, and puts the results together in a fixed order: the index
// is the same whatever their number.
func (b *Builder) Build() *Index {
	docs := b.Docs()
	return &Index{Docs: docs, terms: indexDocs(docs), cfg: b.cfg}
}

func indexable(w string) bool { return len(w) <= maxWordLen && !isStopword(w) }

// manifest is search-index/manifest.json.
type manifest struct {
	Version   int      `json:"version"`
	Hash      string   `json:"hash"`
	Docs      int      `json:"docs"`
	Chunks    []int    `json:"chunks"`  // first document of each chunk
	Buckets   []string `json:"buckets"` // sorted keys; bucket i is p/<i>.json
	Stopwords []string `json:"stopwords"`
	MinPrefix int      `json:"minPrefix"`
	MinTitle  int      `json:"minTitle"` // lowest impact that counts as a title match
	MaxWords  int      `json:"maxWords"` // words of a query beyond these are ignored
}

const formatVersion = 1

// Files returns the index files by path below the output root, each
// deterministic for the same input.
func (ix *Index) Files() map[string][]byte {
	m := manifest{Version: formatVersion, Docs: len(ix.Docs), Stopwords: stopwords,
		MinPrefix: MinPrefix, MinTitle: impactTitle, MaxWords: MaxWords}
	buckets := splitBuckets("", ix.entries(), ix.cfg.BucketSize)
	makeRows(ix.Docs)
	chunks := chunkRows(ix.Docs, ix.cfg.ChunkSize)

	files := make(map[string][]byte, len(buckets)+len(chunks)+1)
	for i, bk := range buckets {
		files[Dir+"/p/"+strconv.Itoa(i)+".json"] = bk.file()
		m.Buckets = append(m.Buckets, bk.key)
	}
	for i, c := range chunks {
		files[Dir+"/d/"+strconv.Itoa(i)+".json"] = c.data
		m.Chunks = append(m.Chunks, c.first)
	}

	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(files)) {
		h.Write([]byte(p))
		h.Write(files[p])
	}
	m.Hash = hex.EncodeToString(h.Sum(nil))[:12]
	files[Dir+"/manifest.json"] = append(marshal(m), '\n')
	return files
}

// entry is a word with its postings encoded as a member of a bucket file.
type entry struct {
	word string
	data []byte
}

// entries encodes the postings of every word, in word order, on up to
// runtime.GOMAXPROCS(0) goroutines.
func (ix *Index) entries() []entry {
	out := make([]entry, len(ix.terms))
	forEachRun(len(out), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			t := ix.terms[i]
			out[i] = entry{t.word, encodeEntry(t.word, t.postings)}
		}
	})
	return out
}

// makeRows gives every document that has none yet its row in a documents
// chunk, [kind,url,title,sub,text], on up to runtime.GOMAXPROCS(0)
// goroutines.
func makeRows(docs []*Doc) {
	forEachRun(len(docs), func(lo, hi int) {
		for _, d := range docs[lo:hi] {
			if d.row == nil {
				d.row = appendStrings(nil, string(d.Kind), d.URL, d.Title, d.Sub, d.Text)
			}
		}
	})
}

// chunk is a documents file and the number of its first document.
type chunk struct {
	first int
	data  []byte
}

// chunkRows cuts the rows of docs into chunks of consecutive documents,
// each closed by the row that brings it to size bytes or more.
func chunkRows(docs []*Doc, size int) []chunk {
	var out []chunk
	for lo := 0; lo < len(docs); {
		hi, n := lo, 1 // n counts the opening '['
		for hi < len(docs) && (hi == lo || n < size) {
			if hi > lo {
				n++ // ','
			}
			n += len(docs[hi].row)
			hi++
		}
		b := make([]byte, 0, n+2)
		b = append(b, '[')
		for i, d := range docs[lo:hi] {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, d.row...)
		}
		out = append(out, chunk{lo, append(b, "]\n"...)})
		lo = hi
	}
	return out
}

// alphabet holds the 64 digits of the postings encoding: a value below 32
// ends a number, a value from 32 up carries five more bits of it.
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// encodeEntry writes one word's postings as a JSON object member:
// "word":"<impacts> <gaps>", one impact digit per posting, then the gaps
// between document numbers as base-32 numbers, most significant digit
// first. Two streams of small digits compress better than one of mixed
// numbers.
func encodeEntry(w string, ps []posting) []byte {
	// Room for the word, one impact digit and a gap of up to two digits
	// per posting, and the punctuation; append grows it if need be.
	b := make([]byte, 0, len(w)+3*len(ps)+6)
	b = appendString(b, w)
	b = append(b, ':', '"')
	for _, p := range ps {
		b = append(b, alphabet[p.impact])
	}
	b = append(b, ' ')
	prev := int32(0)
	var digits [8]byte
	for _, p := range ps {
		g := uint32(p.doc - prev)
		prev = p.doc
		i := len(digits) - 1
		digits[i] = alphabet[g%32]
		for g /= 32; g > 0; g /= 32 {
			i--
			digits[i] = alphabet[32+g%32]
		}
		b = append(b, digits[i:]...)
	}
	return append(b, '"')
}

// bucket is a postings file: the entries of the words that start with
// key, but for those in a bucket of a longer key.
type bucket struct {
	key     string
	entries []entry
}

// splitBuckets groups the entries, sorted by word and all starting with
// key, into buckets of at most limit bytes where it can: a group over the
// limit is split by the character after key, the word equal to key
// staying in key's own bucket.
func splitBuckets(key string, entries []entry, limit int) []bucket {
	size := 0
	for _, e := range entries {
		size += len(e.data) + 1
	}
	if size <= limit || len(entries) == 1 {
		return []bucket{{key, entries}}
	}
	var out []bucket
	if entries[0].word == key {
		out = append(out, bucket{key, entries[:1]})
		entries = entries[1:]
	}
	for len(entries) > 0 {
		_, n := utf8.DecodeRuneInString(entries[0].word[len(key):])
		next := entries[0].word[:len(key)+n]
		j := 1
		for j < len(entries) && strings.HasPrefix(entries[j].word, next) {
			j++
		}
		out = append(out, splitBuckets(next, entries[:j], limit)...)
		entries = entries[j:]
	}
	return out
}

// file returns the postings file of bk: {entry,entry,...}.
func (bk bucket) file() []byte {
	n := 3 // "{" and "}\n"
	for _, e := range bk.entries {
		n += len(e.data) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, e := range bk.entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.data...)
	}
	return append(b, "}\n"...)
}
