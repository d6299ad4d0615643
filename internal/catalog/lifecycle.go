package catalog

import "errdocs/internal/diag"

// checkLifecycle reports what is wrong with the deprecations and
// retirements of the errors (see Lifecycle in the package doc): an error
// both deprecated and retired, and a replacement that is unknown, the
// error itself, or retired.
func (c *Catalog) checkLifecycle(problems *diag.List) {
	for _, e := range c.Errors {
		if e.Deprecated != nil && e.Retired != nil {
			problems.Addf(e.Retired.Pos, "error %q is both deprecated and retired: keep retired alone, which says more (write since when it was deprecated in its note)", e.ID)
		}
		for _, l := range []*Lifecycle{e.Deprecated, e.Retired} {
			if l == nil || l.ReplacedBy.ID == "" {
				continue
			}
			id, pos := l.ReplacedBy.ID, l.ReplacedBy.Pos
			r := c.Error(id)
			switch {
			case r == nil && c.broken["error:"+id]:
			case r == nil:
				problems.Addf(pos, "unknown replacement error %q%s", id, didYouMean(id, c.errorByID))
			case r == e:
				problems.Addf(pos, "error %q is replaced by itself", e.ID)
			case r.Retired != nil && c.inService(r.Retired.ReplacedBy.ID, e):
				problems.Addf(pos, "replacement %q is retired itself: name the error that replaces it, %q", id, r.Retired.ReplacedBy.ID)
			case r.Retired != nil:
				problems.Addf(pos, "replacement %q is retired itself: name an error in service, or none", id)
			}
		}
	}
}

// inService reports whether id names an error other than e that is not
// retired: one that may replace e.
func (c *Catalog) inService(id string, e *Error) bool {
	r := c.Error(id)
	return r != nil && r != e && r.Retired == nil
}
