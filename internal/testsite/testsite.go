// Package testsite makes whole sites in memory for tests: a catalog of any
// size, shaped like the benchmark corpus (../shared/bench/gen.py) but
// without Python or the shared folder, so that the tests of a large site
// run everywhere, CI included. Only tests import it.
package testsite

import (
	"fmt"
	"strings"
	"testing/fstest"
)

// Platforms are the ids of the seven platforms of every site made here.
var Platforms = []string{"tmsp", "ericsson", "tmus", "jasper", "airlinq", "intelsat", "stc"}

// Causes are the ids of the common causes of every site made here.
var Causes = []string{"unauthorized-access", "invalid-request-parameters", "resource-not-found", "rate-limit-exceeded", "server-errors"}

var statuses = []int{400, 400, 400, 401, 403, 404, 404, 409, 422, 429, 500, 502, 503}

var subjects = []string{"iccid", "imsi", "msisdn", "apn", "rate plan", "callback url", "sim", "device", "job", "tenant"}

var problems = []string{"is missing", "has an invalid format", "exceeds the maximum length", "is not allowed", "is locked", "was not found"}

var variants = []string{"missing-or-malformed-parameter", "wrong-data-type", "unknown-property", "invalid-character-in-value"}

// Site returns a site root with n errors: content/_index.md, the Errors
// page content/errors/_index.md (with the given extra front matter lines,
// such as "entries: full"), a guide page that links to the first error's
// entry and variant on /errors/, and data/ with seven platforms, five
// causes, two remedies, one glossary term and the errors. Error i has id
// Error(i), Variants(i) variants and Notes(i) platform notes, as many on
// average as in the benchmark corpus, and a cause unless i%5 == 4. The
// same n gives the same files.
func Site(n int, errorsFrontMatter ...string) fstest.MapFS {
	m := fstest.MapFS{}
	put := func(name, text string) { m[name] = &fstest.MapFile{Data: []byte(text)} }
	put("content/_index.md", "---\ntitle: Test reference\n---\n\nErrors of a test API.\n")
	fm := ""
	for _, l := range errorsFrontMatter {
		fm += l + "\n"
	}
	put("content/errors/_index.md", "---\ntitle: Errors\nweight: 17\nlayout: errors\n"+fm+"---\n\n## About\n\nEvery error of the test API.\n")
	var guide strings.Builder
	guide.WriteString("---\ntitle: Guide\nweight: 20\n---\n\n## Links\n\n")
	if n > 2 {
		fmt.Fprintf(&guide, "See [the entry](/errors/#%[1]s), [its page](/errors/%[1]s/) and [a variant](/errors/#%[1]s-%[2]s).\n", Error(2), variants[0])
	}
	put("content/guide.md", guide.String())

	var b strings.Builder
	names := []string{"TMSP", "ERICSSON", "TMUS", "JASPER", "AIRLINQ", "INTELSAT", "STC"}
	for i, id := range Platforms {
		fmt.Fprintf(&b, "- id: %s\n  name: %s\n  supplier: Supplier %d\n", id, names[i], i)
	}
	put("data/platforms.yaml", b.String())
	b.Reset()
	for _, id := range Causes {
		fmt.Fprintf(&b, "- id: %s\n  title: %s\n  troubleshooting:\n    - Check the %s.\n", id, strings.ReplaceAll(id, "-", " "), id)
	}
	put("data/causes.yaml", b.String())
	put("data/remedies.yaml", "- id: check-credentials\n  text: Check the credentials.\n- id: retry-later\n  text: Try again later.\n")
	put("data/glossary.yaml", "- id: access-token\n  term: access token\n  definition: A short-lived credential.\n")
	for i := range n {
		put("data/errors/"+Error(i)+".yaml", errorFile(i))
	}
	return m
}

// Variants returns the number of variants of error i: 0 to 3, 0.83 on
// average.
func Variants(i int) int { return [...]int{0, 0, 1, 0, 2, 1, 0, 3, 0, 1, 0, 2}[i%12] }

// Notes returns the number of platform notes of error i: 0 to 3, 0.9 on
// average.
func Notes(i int) int { return [...]int{0, 1, 0, 2, 0, 1, 3, 0, 1, 0}[i%10] }

// Error returns the id of error i of a Site: its status, subject and
// problem, and i, as the benchmark corpus names them
// ("400-iccid-is-missing-17").
func Error(i int) string {
	return fmt.Sprintf("%d-%s-%s-%d", statuses[i%len(statuses)], strings.ReplaceAll(subjects[i%len(subjects)], " ", ""),
		strings.ReplaceAll(problems[i%len(problems)], " ", "-"), i)
}

func errorFile(i int) string {
	var b strings.Builder
	status := statuses[i%len(statuses)]
	subject, problem := subjects[i%len(subjects)], problems[i%len(problems)]
	fmt.Fprintf(&b, "id: %q\nstatus: %d\ntitle: %s %s\n", Error(i), status, strings.ToUpper(subject[:1])+subject[1:], problem)
	fmt.Fprintf(&b, "summary: \"Returned with status %d when the `%s` value %s. The `detail` field of the response names the offending value and what was expected instead.\"\n",
		status, subject, problem)
	if i%5 != 4 {
		fmt.Fprintf(&b, "cause: %s\n", Causes[i%len(Causes)])
	}
	if k := Variants(i); k > 0 {
		b.WriteString("variants:\n")
		for j := range k {
			fmt.Fprintf(&b, "  - id: %s\n    title: Variant %d\n    description: What variant %d means.\n", variants[j], j, j)
		}
	}
	b.WriteString("remedies:\n  - check-credentials\n  - text: Send the request again with a valid value.\n")
	if k := Notes(i); k > 0 {
		b.WriteString("platforms:\n")
		for j := range k {
			p := Platforms[(i+j*2)%len(Platforms)]
			fmt.Fprintf(&b, "  %s: \"%s answers with `%d` here too, with its own detail text.\"\n", p, strings.ToUpper(p), status)
		}
	}
	if i > 0 {
		fmt.Fprintf(&b, "related: [%q]\n", Error(i-1))
	}
	return b.String()
}
