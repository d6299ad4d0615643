// site.js: small enhancements. Every page works without it; it only adds the
// copy-link buttons (the "#" permalinks beside them work without JavaScript),
// keyboard access to code blocks that scroll sideways, the reader's choice of
// platform, opening the folded part of a page that a link's anchor points
// into, and, on the Errors page, the way on from an entry's anchor to its full
// text (a compact index, and the rows of retired errors) and the filter of a
// compact index.
(function () {
  "use strict";

  var live; // polite live region for announcements

  // region makes the live region, once: before what it announces, so that
  // screen readers hear the first announcement too.
  function region() {
    if (live) return;
    live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    document.body.appendChild(live);
  }

  function announce(msg) {
    region();
    live.textContent = "";
    // A short delay makes screen readers announce the same message again.
    setTimeout(function () { live.textContent = msg; }, 60);
  }

  // copyText copies with the textarea fallback, for pages served over plain
  // HTTP (no navigator.clipboard) or when the clipboard API refuses.
  function copyText(text, back) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.setAttribute("aria-hidden", "true");
    ta.tabIndex = -1;
    ta.className = "visually-hidden";
    document.body.appendChild(ta);
    ta.focus({ preventScroll: true });
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    ta.remove();
    if (back) back.focus();
    return ok;
  }

  function copy(text, button) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyText(text, button); });
    }
    return Promise.resolve(copyText(text, button));
  }

  // copyButtons puts a copy-link button beside each "#" permalink
  // (a.anchor, labelled "Link to X"): "Copy link to X", its icon drawn by
  // CSS.
  function copyButtons() {
    var anchors = document.querySelectorAll("a.anchor[href^='#']");
    if (!anchors.length) return;
    region();
    for (var i = 0; i < anchors.length; i++) {
      var a = anchors[i], b = document.createElement("button");
      b.type = "button";
      b.className = "copy-link";
      b.setAttribute("data-anchor", a.getAttribute("href").slice(1));
      b.setAttribute("aria-label", "Copy " + (a.getAttribute("aria-label") || "link").replace(/^Link/, "link"));
      a.after(b);
    }
    document.addEventListener("click", onClick);
  }

  function onClick(ev) {
    var button = ev.target.closest && ev.target.closest("button.copy-link");
    if (!button) return;
    var url = location.origin + location.pathname + "#" + button.getAttribute("data-anchor");
    copy(url, button).then(function (ok) {
      clearTimeout(button._copied);
      if (!ok) {
        announce("Copy failed: the link is " + url);
        return;
      }
      button.classList.add("copied");
      announce("Link copied");
      button._copied = setTimeout(function () { button.classList.remove("copied"); }, 2000);
    });
  }

  // Code blocks that scroll sideways get a tab stop so that keyboard users
  // can scroll them.
  function scrollers() {
    var pres = document.querySelectorAll(".code pre");
    for (var i = 0; i < pres.length; i++) {
      var p = pres[i];
      if (p.scrollWidth > p.clientWidth) p.setAttribute("tabindex", "0");
      else p.removeAttribute("tabindex");
    }
  }

  // Platform-aware reading. The reader chooses a platform once, with the
  // "Your platform" radio group of the Errors page and of each error page (on
  // a compact Errors page, the filter's select): each error's note for it then comes
  // first, open, and the other platforms' notes fold away ("Show all
  // platforms" opens them). The choice is kept across pages and visits
  // (localStorage) and shown in the URL as ?platform=<id>, which sets it
  // when a shared link carries it. An anchor (#401-jasper) always opens its
  // note, whatever the choice.
  var KEY = "errdocs-platform";

  // store returns the kept platform, or keeps p ("" forgets it) and returns
  // it. Storage may be off (a private window, a policy): the choice then
  // lasts one page.
  function store(p) {
    try {
      if (p === undefined) return localStorage.getItem(KEY) || "";
      if (p) localStorage.setItem(KEY, p);
      else localStorage.removeItem(KEY);
    } catch (e) { /* not kept */ }
    return p || "";
  }

  // chosen returns the reader's platform: the URL's ?platform= if the
  // control ctl (the picker, or the filter's select) offers it, else the
  // kept one; a kept platform the site no longer has is forgotten.
  function chosen(ctl) {
    function offered(p) {
      return !!p && !!ctl.querySelector('[value="' + CSS.escape(p) + '"]');
    }
    var p = new URLSearchParams(location.search).get("platform");
    if (offered(p)) return store(p);
    p = store();
    return offered(p) ? p : store("");
  }

  // readAs shows, in each error's "Considerations per platform", the note
  // for platform p first and open, and folds the other notes; "" shows
  // every note in the site's order. A platform without a note is marked in
  // the sentence that names such platforms, which then comes first.
  function readAs(p) {
    var boxes = document.querySelectorAll(".platform-notes[data-error]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i], j;
      var kids = box._order || (box._order = [].slice.call(box.children));
      for (j = 0; j < kids.length; j++) box.appendChild(kids[j]);
      var mine = p && document.getElementById(box.getAttribute("data-error") + "-" + p);
      if (mine && mine.closest(".platform-notes") !== box) mine = null;
      var notes = box.querySelectorAll("details");
      for (j = 0; j < notes.length; j++) notes[j].open = !p || notes[j] === mine;
      var names = box.querySelectorAll(".same-note > a");
      for (j = 0; j < names.length; j++) names[j].classList.toggle("chosen", names[j] === mine);
      if (mine) box.insertBefore(mine.closest(".platform-notes > *"), box.firstChild);
      folded(box);
    }
  }

  // folded shows a box's "Show all platforms" while a note is folded.
  function folded(box) {
    var b = box.querySelector(".show-notes");
    if (b) b.hidden = !box.querySelector("details:not([open])");
  }

  // reveal opens what the URL's anchor points into that is folded away: a
  // note of another platform, the old entry on a retired error's page.
  function reveal() {
    var el = null;
    try { el = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* a bad escape */ }
    var d = el && el.closest("details");
    if (d) d.open = true;
    return el;
  }

  // keepInURL puts platform p in the URL's ?platform=, for a link to share.
  function keepInURL(p) {
    var q = new URLSearchParams(location.search);
    if (p) q.set("platform", p);
    else q.delete("platform");
    q = q.toString();
    history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }

  // picker runs on the pages with the "Your platform" radio group: the
  // Errors page in full, and each error's page.
  function picker(group) {
    var p = chosen(group);
    var radios = group.querySelectorAll("input");
    for (var i = 0; i < radios.length; i++) radios[i].checked = radios[i].value === p;
    readAs(p);
    keepInURL(p);
    var target = reveal();
    if (target && p) target.scrollIntoView(); // the notes above it moved
    group.hidden = false;
    region();
    group.addEventListener("change", function (ev) {
      p = store(ev.target.value);
      readAs(p);
      keepInURL(p);
      announce(p ? ev.target.parentNode.textContent.trim() + " first, other platforms folded" : "Every platform shown");
    });
    document.addEventListener("toggle", function (ev) {
      var box = ev.target.parentNode;
      if (box.classList && box.classList.contains("platform-notes")) folded(box);
    }, true);
    document.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest("button.show-notes");
      if (!b) return;
      var shut = b.parentNode.querySelectorAll("details:not([open])");
      for (var i = 0; i < shut.length; i++) shut[i].open = true;
      if (shut.length) shut[0].querySelector("summary").focus();
    });
  }

  // follow takes a reader who opens an anchor of a row of the Errors page
  // (a compact index, or a retired error in either form), such as an old link
  // to /errors/#401-tmus, on at once to its full text on /errors/401/#401-tmus,
  // keeping platform p. It reports whether it did.
  function follow(p) {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return false; }
    var el = id && document.getElementById(id);
    var row = el && el.closest(".error-index > li");
    var link = row && row.querySelector("a[href]");
    if (!link) return false;
    location.replace(link.href + (p ? "?platform=" + p : "") + (el === row ? "" : "#" + encodeURIComponent(id)));
    return true;
  }

  // errorIndex runs on a compact Errors page (one row per error, the full
  // entries on the errors' own pages). The filter shows the rows of one
  // status class, cause, platform note or lifecycle (in service, deprecated,
  // retired), and keeps its choice in the URL
  // (?status=4xx&cause=...&platform=...&state=...) so it can be shared. Its
  // platform is the reader's (see chosen): kept across pages, and kept when a
  // link of the page filters by another field. It reports whether the page
  // stays: false when an anchor took the reader on (follow).
  function errorIndex(form) {
    var mine = form.elements.platform;
    var p = mine ? chosen(mine) : "";
    if (follow(p)) return false;
    window.addEventListener("hashchange", function () { follow(p); });

    var groups = document.querySelectorAll(".status-group");
    var selects = form.querySelectorAll("select");
    var count = form.querySelector(".filter-count");
    var total = document.querySelectorAll(".error-index > li").length;

    function value(name) {
      var s = form.elements[name];
      return s ? s.value : "";
    }
    function hasNote(row, platform) {
      var mark = document.getElementById(row.id + "-" + platform);
      return !!mark && mark.parentNode.className === "notes";
    }
    // inState reports whether row r is in lifecycle state: "in-service"
    // (deprecated included), "deprecated" or "retired".
    function inState(r, state) {
      var s = r.getAttribute("data-state") || "";
      return state === "in-service" ? s !== "retired" : s === state;
    }
    function apply() {
      var status = value("status"), cause = value("cause"), platform = value("platform"), state = value("state");
      var shown = 0;
      for (var i = 0; i < groups.length; i++) {
        var rows = groups[i].querySelectorAll(".error-index > li"), n = 0;
        for (var j = 0; j < rows.length; j++) {
          var r = rows[j];
          // A retired row says its status class; the others are in its group.
          var ok = (!status || (r.getAttribute("data-class") || groups[i].id) === status) &&
            (!cause || r.getAttribute("data-cause") === cause) &&
            (!platform || hasNote(r, platform)) &&
            (!state || inState(r, state));
          r.hidden = !ok;
          if (ok) n++;
        }
        groups[i].hidden = n === 0;
        shown += n;
      }
      count.textContent = status || cause || platform || state
        ? "Showing " + shown + " of " + total + " errors" +
          (platform ? " with a note for " + mine.options[mine.selectedIndex].text : "") : "";
    }
    // set reads the filter from a query string, with the reader's platform,
    // and applies it.
    function set(search) {
      var params = new URLSearchParams(search);
      if (mine) params.set("platform", p);
      for (var i = 0; i < selects.length; i++) {
        var s = selects[i], v = params.get(s.name) || "";
        s.value = s.querySelector('option[value="' + CSS.escape(v) + '"]') ? v : "";
      }
      apply();
    }
    function save() {
      var params = new URLSearchParams();
      for (var i = 0; i < selects.length; i++) {
        if (selects[i].value) params.set(selects[i].name, selects[i].value);
      }
      var q = params.toString();
      history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }
    form.addEventListener("change", function () {
      if (mine) p = store(mine.value);
      apply();
      save();
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () {
      p = store("");
      setTimeout(function () { apply(); save(); }, 0);
    });
    // Links to a filter of this page (the common causes' counts) filter in
    // place rather than load the page again.
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest('a[href^="?"]');
      if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      var u = new URL(a.href);
      set(u.search);
      save();
      var target = u.hash && document.getElementById(u.hash.slice(1));
      if (target) target.scrollIntoView();
      form.querySelector("select").focus({ preventScroll: true });
    });
    form.hidden = false;
    set(location.search);
    if (location.search || p) save();
    return true;
  }

  function init() {
    var filter = document.querySelector("form.error-filter");
    if (filter && !errorIndex(filter)) return;
    if (!filter && document.querySelector(".error-index")) {
      if (follow("")) return;
      window.addEventListener("hashchange", function () { follow(""); });
    }
    var platform = document.querySelector(".platform-picker");
    if (platform) picker(platform);
    else reveal();
    window.addEventListener("hashchange", reveal);
    copyButtons();
    scrollers();
    var pending;
    window.addEventListener("resize", function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(scrollers);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
