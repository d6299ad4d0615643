package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
func (b *Builder) Build() *Index {
	docs := b.Docs()
	return &Index{Docs: docs, terms: indexDocs(docs), cfg: b.cfg}
}

// wordImpact is a word of a document with its impact.
type wordImpact struct {
	word   string
	impact uint8
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
	files := map[string][]byte{}
	m := manifest{Version: formatVersion, Docs: len(ix.Docs), Stopwords: stopwords,
		MinPrefix: MinPrefix, MinTitle: impactTitle, MaxWords: MaxWords}

	words := make([]string, len(ix.terms))
	entries := make(map[string][]byte, len(words))
	for i, t := range ix.terms {
		words[i] = t.word
		entries[t.word] = encodeEntry(t.word, t.postings)
	}
	for _, bk := range splitBuckets("", words, entries, ix.cfg.BucketSize) {
		var b bytes.Buffer
		b.WriteByte('{')
		for i, w := range bk.words {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(entries[w])
		}
		b.WriteString("}\n")
		files[Dir+"/p/"+strconv.Itoa(len(m.Buckets))+".json"] = b.Bytes()
		m.Buckets = append(m.Buckets, bk.key)
	}

	var chunk bytes.Buffer
	flush := func() {
		if chunk.Len() == 0 {
			return
		}
		chunk.WriteString("]\n")
		files[Dir+"/d/"+strconv.Itoa(len(m.Chunks)-1)+".json"] = bytes.Clone(chunk.Bytes())
		chunk.Reset()
	}
	for i, d := range ix.Docs {
		if chunk.Len() == 0 {
			m.Chunks = append(m.Chunks, i)
			chunk.WriteByte('[')
		} else {
			chunk.WriteByte(',')
		}
		if d.row == nil {
			d.row = marshal([]string{string(d.Kind), d.URL, d.Title, d.Sub, d.Text})
		}
		chunk.Write(d.row)
		if chunk.Len() >= ix.cfg.ChunkSize {
			flush()
		}
	}
	flush()

	h := sha256.New()
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		h.Write([]byte(p))
		h.Write(files[p])
	}
	m.Hash = hex.EncodeToString(h.Sum(nil))[:12]
	files[Dir+"/manifest.json"] = append(marshal(m), '\n')
	return files
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
	b := marshal(w)
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

type bucket struct {
	key   string
	words []string
}

// splitBuckets groups the sorted words, all starting with key, into
// buckets of at most limit bytes where it can: a group over the limit is
// split by the character after key, the word equal to key staying in key's
// own bucket.
func splitBuckets(key string, words []string, entries map[string][]byte, limit int) []bucket {
	size := 0
	for _, w := range words {
		size += len(entries[w]) + 1
	}
	if size <= limit || len(words) == 1 {
		return []bucket{{key, words}}
	}
	var out []bucket
	if words[0] == key {
		out = append(out, bucket{key, words[:1]})
		words = words[1:]
	}
	for len(words) > 0 {
		_, n := utf8.DecodeRuneInString(words[0][len(key):])
		next := words[0][:len(key)+n]
		j := 1
		for j < len(words) && strings.HasPrefix(words[j], next) {
			j++
		}
		out = append(out, splitBuckets(next, words[:j], entries, limit)...)
		words = words[j:]
	}
	return out
}

// marshal is json.Marshal without HTML escaping and without the newline.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings and ints only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
