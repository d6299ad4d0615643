// search.js: the site's search box and /search/ page, over the index that
// errdocs builds at build time into /search-index/ (its format and ranking
// are documented in internal/search, whose Go Reader does the same as this
// file; tests hold both to the same results). Nothing leaves the site.
(() => {
  'use strict';

  const ROOT = '/search-index/';
  const KINDS = {
    error: 'Error', variant: 'Variant', platform: 'Platform', term: 'Glossary',
    cause: 'Common cause', note: 'Platform note', remedy: 'How to solve',
    page: 'Page', section: 'Section',
  };
  const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const DIGIT = new Int8Array(128).fill(-1);
  for (let i = 0; i < DIGITS.length; i++) DIGIT[DIGITS.charCodeAt(i)] = i;

  // ---- Words: the same rules as search.Fold and search.Tokens in Go.

  const MARKS = /\p{Mn}/gu;
  const WORD = /[\p{L}\p{N}]+/gu;

  // fold: NFKD, drop combining marks, lowercase each code point on its own
  // (not the whole string, whose final-sigma rule Go does not have).
  function fold(s) {
    s = s.normalize('NFKD').replace(MARKS, '');
    let out = '';
    for (const c of s) out += c.toLowerCase();
    return out;
  }
  const words = (folded) => folded.match(WORD) || [];

  function parseQuery(q, m) {
    const f = fold(q);
    const ws = words(f);
    const out = { words: [], prefix: false, code: '' };
    if (!ws.length) return out;
    const trimmed = f.trim();
    const last = ws[ws.length - 1];
    out.prefix = !/\s$/u.test(f) && [...last].length >= m.minPrefix;
    if (trimmed.includes('-') && !/\s/u.test(trimmed) && ws.length > 1) out.code = ws.join('-');
    const seen = new Set();
    ws.forEach((w, i) => {
      const isLast = i === ws.length - 1;
      if (seen.has(w) || (m.stop.has(w) && !(isLast && out.prefix))) return;
      seen.add(w);
      out.words.push(w);
    });
    out.words = out.words.slice(0, m.maxWords);
    if (!out.words.length || out.words[out.words.length - 1] !== last) out.prefix = false;
    return out;
  }

  // ---- The index, fetched piece by piece and kept while its manifest's
  // hash stays the same. The manifest is fetched again when a search
  // starts (manifest(true)) a while after the last time: a page open
  // across a deploy, or across edits in errdocs serve, which reloads only
  // the pages an edit changes, then searches the new index.

  const REVALIDATE_MS = 1000;
  let manifestP = null;
  let manifestAt = 0;
  let indexHash = '';
  const bucketP = new Map(); // "hash/bucket" -> promise of the bucket
  const chunkP = new Map(); // "hash/chunk" -> promise of the chunk
  const decoded = new Map(); // "hash/bucket/word" -> [docs Int32Array, impacts Uint8Array]
  function getJSON(path) {
    return fetch(ROOT + path).then((r) => {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.json();
    });
  }

  function manifest(fresh) {
    if (manifestP && !(fresh && performance.now() - manifestAt > REVALIDATE_MS)) return manifestP;
    manifestAt = performance.now();
    const last = manifestP;
    const p = fetch(ROOT + 'manifest.json', { cache: 'no-cache' })
      .then((r) => {
        if (!r.ok) throw new Error('manifest.json: ' + r.status);
        return r.json();
      })
      .then((m) => {
        m.stop = new Set(m.stopwords);
        if (m.hash !== indexHash) {
          // A new index: what was kept of the last one is no use.
          indexHash = m.hash;
          for (const cache of [bucketP, chunkP, decoded, sortedKeys]) cache.clear();
        }
        return m;
      })
      .catch((err) => {
        if (manifestP === p) manifestP = last; // offline: keep searching the index at hand
        if (!last) throw err;
        return last;
      });
    manifestP = p;
    return p;
  }

  function bucket(m, i) {
    const key = m.hash + '/' + i;
    if (!bucketP.has(key)) {
      const p = getJSON('p/' + i + '.json?v=' + m.hash);
      p.catch(() => bucketP.delete(key));
      bucketP.set(key, p);
    }
    return bucketP.get(key);
  }

  function chunk(m, c) {
    const key = m.hash + '/' + c;
    if (!chunkP.has(key)) {
      const p = getJSON('d/' + c + '.json?v=' + m.hash);
      p.catch(() => chunkP.delete(key));
      chunkP.set(key, p);
    }
    return chunkP.get(key);
  }

  // bucketsFor: the longest key that is a prefix of w, and if prefix,
  // every key that starts with w.
  function bucketsFor(m, w, prefix) {
    const out = [];
    let home = -1;
    m.buckets.forEach((k, i) => {
      if (w.startsWith(k) && (home < 0 || k.length > m.buckets[home].length)) home = i;
    });
    if (home >= 0) out.push(home);
    if (prefix) m.buckets.forEach((k, i) => { if (i !== home && k.startsWith(w)) out.push(i); });
    return out;
  }

  function postings(m, bi, word, s) {
    const key = m.hash + '/' + bi + '/' + word;
    let p = decoded.get(key);
    if (p) return p;
    const sp = s.indexOf(' ');
    const n = sp;
    const docs = new Int32Array(n);
    const imps = new Uint8Array(n);
    for (let k = 0; k < n; k++) imps[k] = DIGIT[s.charCodeAt(k)];
    let doc = 0, acc = 0, k = 0;
    for (let i = sp + 1; i < s.length; i++) {
      const v = DIGIT[s.charCodeAt(i)];
      if (v >= 32) { acc = acc * 32 + v - 32; continue; }
      doc += acc * 32 + v;
      acc = 0;
      docs[k++] = doc;
    }
    p = [docs, imps];
    decoded.set(key, p);
    return p;
  }

  const sortedKeys = new Map(); // "hash/bucket" -> its words, sorted

  // terms calls f(docs, impacts, exact) for each word in the index equal
  // to w or, if prefix, starting with it.
  async function terms(m, w, prefix, f) {
    const bis = bucketsFor(m, w, prefix);
    const bks = await Promise.all(bis.map((i) => bucket(m, i)));
    bks.forEach((bk, j) => {
      const bi = bis[j];
      if (!prefix) {
        if (Object.hasOwn(bk, w)) f(...postings(m, bi, w, bk[w]), true);
        return;
      }
      let keys = sortedKeys.get(m.hash + '/' + bi);
      if (!keys) sortedKeys.set(m.hash + '/' + bi, (keys = Object.keys(bk).sort()));
      let lo = 0, hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid] < w) lo = mid + 1; else hi = mid;
      }
      for (let i = lo; i < keys.length && keys[i].startsWith(w); i++) {
        f(...postings(m, bi, keys[i], bk[keys[i]]), keys[i] === w);
      }
    });
  }

  // search returns the total number of matches and the best `limit` hits,
  // ranked as internal/search documents: code match, then the number of
  // words matched in a title or code, then points, then document order.
  async function search(q, limit) {
    const m = await manifest();
    const pq = parseQuery(q, m);
    const N = m.docs;
    const code = new Uint8Array(N);
    let coded = [];
    if (pq.code) {
      await terms(m, '#' + pq.code, pq.prefix, (docs, imps, exact) => {
        for (let k = 0; k < docs.length; k++) {
          if (imps[k] < 62) continue;
          const d = docs[k];
          if (!code[d]) coded.push(d);
          code[d] = Math.max(code[d], exact ? 2 : 1);
        }
      });
    }
    const cnt = new Uint8Array(N);
    const titles = new Uint8Array(N);
    const points = new Int32Array(N);
    const best = new Int16Array(N); // score*64 + impact of the word's best term
    let touched = [];
    for (let wi = 0; wi < pq.words.length; wi++) {
      const w = pq.words[wi];
      const isPrefix = pq.prefix && wi === pq.words.length - 1;
      touched = [];
      await terms(m, w, isPrefix, (docs, imps, exact) => {
        for (let k = 0; k < docs.length; k++) {
          const d = docs[k];
          if (cnt[d] !== wi) continue;
          const v = (exact ? 2 * imps[k] : imps[k]) * 64 + imps[k];
          if (best[d] === 0) touched.push(d);
          if (v > best[d]) best[d] = v;
        }
      });
      for (const d of touched) {
        const v = best[d];
        best[d] = 0;
        cnt[d]++;
        points[d] += v >> 6;
        if ((v & 63) >= m.minTitle) titles[d]++;
      }
    }
    const nw = pq.words.length;
    const all = nw ? touched : [];
    for (const d of coded) if (!nw || cnt[d] !== nw) all.push(d);
    // One number per hit, larger is better, the document number breaking
    // ties (lower first); the best `limit` are kept in order as they come.
    const top = [];
    for (const d of all) {
      const key = ((code[d] * 256 + titles[d]) * 65536 + points[d]) * N + (N - 1 - d);
      if (top.length === limit && key <= top[limit - 1]) continue;
      let i = top.length < limit ? top.length : limit - 1;
      while (i > 0 && top[i - 1] < key) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = key;
    }
    const hits = top.map((key) => N - 1 - (key % N));
    const rows = await Promise.all(hits.map((d) => row(m, d)));
    return {
      query: pq,
      total: all.length,
      hits: hits.map((d, i) => ({
        doc: d, kind: rows[i][0], url: rows[i][1], title: rows[i][2], sub: rows[i][3],
        text: rows[i][4], score: points[d],
      })),
    };
  }

  async function row(m, d) {
    let lo = 0, hi = m.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (m.chunks[mid] <= d) lo = mid; else hi = mid - 1;
    }
    const rows = await chunk(m, lo);
    return rows[d - m.chunks[lo]];
  }

  // ---- Showing results.

  const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

  // matcher says whether a word of the shown text matches the query.
  function matcher(pq) {
    const set = new Set(pq.words);
    const last = pq.words[pq.words.length - 1];
    return (token) => words(fold(token)).some((w) => set.has(w) || (pq.prefix && w.startsWith(last)));
  }

  // highlighted appends text to el, with <mark> around matched words.
  function highlighted(el, text, isMatch) {
    let at = 0;
    for (const mt of text.matchAll(TOKEN)) {
      if (!isMatch(mt[0])) continue;
      if (mt.index > at) el.append(text.slice(at, mt.index));
      const mark = document.createElement('mark');
      mark.textContent = mt[0];
      el.append(mark);
      at = mt.index + mt[0].length;
    }
    if (at < text.length) el.append(text.slice(at));
    return el;
  }

  // snippet shows about 180 characters of text around its first matched
  // word, from the start when the word comes early.
  function snippet(text, isMatch) {
    const SIZE = 180;
    for (const mt of text.matchAll(TOKEN)) {
      if (!isMatch(mt[0])) continue;
      if (mt.index + mt[0].length <= SIZE - 40) return text;
      const start = Math.min(mt.index - 60, text.length - SIZE);
      const from = start > 0 ? text.indexOf(' ', start) : -1;
      return from < 0 || from > mt.index ? text : '…' + text.slice(from + 1);
    }
    return text;
  }

  function span(cls, text) {
    const s = document.createElement('span');
    s.className = cls;
    if (text !== undefined) s.textContent = text;
    return s;
  }

  // fillHit fills el with one result: kind, title, context and snippet.
  function fillHit(el, hit, isMatch) {
    el.append(span('sr-kind', KINDS[hit.kind] || hit.kind));
    el.append(highlighted(span('sr-title'), hit.title, isMatch));
    if (hit.sub) el.append(highlighted(span('sr-sub'), hit.sub, isMatch));
    if (hit.text && hit.text !== hit.title) el.append(highlighted(span('sr-text'), snippet(hit.text, isMatch), isMatch));
  }

  const plural = (n) => (n === 1 ? '1 result' : n.toLocaleString('en') + ' results');

  function noResults(el, q) {
    el.append('No results for “' + q.trim() + '”. Browse the ');
    const a = document.createElement('a');
    a.href = '/errors/';
    a.textContent = 'error list';
    el.append(a, '.');
  }

  // ---- The search box in the header: a combobox with a listbox popup.

  function combobox(input) {
    const form = input.form;
    const popup = document.createElement('div');
    popup.className = 'search-popup';
    popup.hidden = true;
    const list = document.createElement('ul');
    list.id = 'search-listbox';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Search results');
    const foot = document.createElement('p');
    foot.className = 'search-foot';
    popup.append(list, foot);
    const status = document.createElement('div');
    status.className = 'search-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    form.append(popup, status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    let options = [];
    let active = -1;
    let seq = 0;
    let opening = false; // Enter chose a result: the form must not also submit

    function open(on) {
      popup.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
      if (!on) setActive(-1);
    }

    function setActive(i) {
      if (options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i;
      if (options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    async function update(t0) {
      const q = input.value;
      const my = ++seq;
      if (!words(fold(q)).length) {
        list.replaceChildren();
        foot.replaceChildren();
        options = [];
        status.textContent = '';
        open(false);
        return;
      }
      let res;
      try {
        res = await search(q, 8);
      } catch (err) {
        if (my !== seq) return;
        list.replaceChildren();
        options = [];
        foot.textContent = 'The search index could not be loaded.';
        open(true);
        return;
      }
      if (my !== seq) return; // a later keystroke won
      const isMatch = matcher(res.query);
      options = res.hits.map((hit, i) => {
        const li = document.createElement('li');
        li.setAttribute('role', 'presentation');
        const a = document.createElement('a');
        a.id = 'search-option-' + i;
        a.setAttribute('role', 'option');
        a.setAttribute('aria-selected', 'false');
        a.tabIndex = -1;
        a.href = hit.url;
        fillHit(a, hit, isMatch);
        li.append(a);
        return a;
      });
      list.replaceChildren(...options.map((a) => a.parentNode));
      foot.replaceChildren();
      if (res.total === 0) {
        noResults(foot, q);
      } else if (res.total > res.hits.length) {
        const a = document.createElement('a');
        a.href = '/search/?q=' + encodeURIComponent(q.trim());
        a.textContent = 'All ' + plural(res.total);
        foot.append(a);
      }
      active = -1;
      input.removeAttribute('aria-activedescendant');
      status.textContent = res.total ? plural(res.total) : 'No results';
      open(true);
      document.dispatchEvent(new CustomEvent('errdocs:search', {
        detail: { q, total: res.total, first: res.hits.length ? res.hits[0].url : '', t0, ms: performance.now() - t0 },
      }));
    }

    input.addEventListener('input', (e) => { update(e.timeStamp); });
    // Fetch the manifest as soon as a search looks likely.
    input.addEventListener('pointerenter', () => { manifest().catch(() => {}); }, { once: true });
    input.addEventListener('focus', () => {
      manifest(true).catch(() => {}); // a new search: the index may be new

      if (input.value && options.length) open(true);
    });
    input.addEventListener('keydown', (e) => {
      if (e.isComposing) return;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          if (!options.length) return;
          e.preventDefault();
          open(true);
          {
            const n = options.length;
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
          }
          break;
        case 'Enter':
          if (popup.hidden || !options.length) return; // the form goes to /search/
          e.preventDefault();
          opening = true;
          location.href = options[Math.max(active, 0)].href;
          break;
        case 'Escape':
          if (!popup.hidden) {
            e.preventDefault();
            open(false);
          }
          break;
      }
    });
    form.addEventListener('submit', (e) => { if (opening) e.preventDefault(); });
    // Keep the focus in the box while a result is clicked.
    popup.addEventListener('mousedown', (e) => e.preventDefault());
    document.addEventListener('click', (e) => { if (!form.contains(e.target)) open(false); });
    input.addEventListener('blur', () => open(false));
    if (input.value) update(performance.now());
  }

  // ---- The /search/ page: results of ?q=, updated as the query changes.

  function searchPage(input, out, status) {
    const PAGE = 50;
    let shown = PAGE;
    let seq = 0;
    async function run() {
      const q = input.value;
      const my = ++seq;
      out.replaceChildren();
      if (!words(fold(q)).length) {
        status.textContent = 'Type a code, a phrase, a platform or a term.';
        return;
      }
      let res;
      try {
        res = await search(q, shown);
      } catch (err) {
        status.textContent = 'The search index could not be loaded.';
        return;
      }
      if (my !== seq) return;
      status.replaceChildren();
      if (!res.total) {
        noResults(status, q);
        return;
      }
      status.textContent = plural(res.total) + ' for “' + q.trim() + '”';
      const isMatch = matcher(res.query);
      const ol = document.createElement('ol');
      ol.className = 'search-results';
      for (const hit of res.hits) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = hit.url;
        fillHit(a, hit, isMatch);
        li.append(a);
        ol.append(li);
      }
      out.append(ol);
      if (res.total > res.hits.length) {
        const more = document.createElement('button');
        more.type = 'button';
        more.textContent = 'Show more results';
        more.addEventListener('click', () => { shown += PAGE; run(); });
        out.append(more);
      }
    }
    input.value = new URLSearchParams(location.search).get('q') || '';
    input.addEventListener('input', () => {
      shown = PAGE;
      const u = new URL(location.href);
      u.searchParams.set('q', input.value);
      history.replaceState(null, '', u);
      run();
    });
    run();
  }

  function init() {
    const input = document.getElementById('search-input');
    if (input && input.form) combobox(input);
    const pageInput = document.getElementById('search-page-input');
    const out = document.getElementById('search-results');
    const status = document.getElementById('search-status');
    if (pageInput && out && status) searchPage(pageInput, out, status);
    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || !input) return;
      const t = e.target;
      if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  // Exposed for tests, which compare these with the Go implementation.
  window.errdocsSearch = { fold, words, parseQuery: (q) => manifest().then((m) => parseQuery(q, m)), search };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
