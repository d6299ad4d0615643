// site.js: small enhancements. Every page works without it; it only adds the
// copy-link buttons (the "#" permalinks beside them work without JavaScript),
// keyboard access to code blocks that scroll sideways, and, on a compact
// Errors page, the filter and the way on from an entry's anchor to its full
// text.
(function () {
  "use strict";

  var live; // polite live region for announcements

  function announce(msg) {
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

  // errorIndex runs on a compact Errors page (one row per error, the full
  // entries on the errors' own pages). An anchor of an entry, such as an old
  // link to /errors/#401-tmus, goes on at once to its full text on
  // /errors/401/#401-tmus. The filter shows the rows of one status class,
  // cause or platform note, and keeps its choice in the URL
  // (?status=4xx&cause=...&platform=...) so it can be shared.
  function errorIndex(form) {
    function follow() {
      var id = "";
      try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return false; }
      var el = id && document.getElementById(id);
      var row = el && el.closest(".error-index > li");
      var link = row && row.querySelector("a[href]");
      if (!link) return false;
      location.replace(link.href + (el === row ? "" : "#" + encodeURIComponent(id)));
      return true;
    }
    if (follow()) return;
    window.addEventListener("hashchange", follow);

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
    function apply() {
      var status = value("status"), cause = value("cause"), platform = value("platform");
      var shown = 0;
      for (var i = 0; i < groups.length; i++) {
        var rows = groups[i].querySelectorAll(".error-index > li"), n = 0;
        for (var j = 0; j < rows.length; j++) {
          var r = rows[j];
          var ok = (!status || groups[i].id === status) &&
            (!cause || r.getAttribute("data-cause") === cause) &&
            (!platform || hasNote(r, platform));
          r.hidden = !ok;
          if (ok) n++;
        }
        groups[i].hidden = n === 0;
        shown += n;
      }
      count.textContent = status || cause || platform
        ? "Showing " + shown + " of " + total + " errors" : "";
    }
    // set reads the filter from a query string and applies it.
    function set(search) {
      var params = new URLSearchParams(search);
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
      history.replaceState(null, "", location.pathname + (q ? "?" + q : ""));
    }
    form.addEventListener("change", function () { apply(); save(); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () {
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
      history.replaceState(null, "", u.pathname + u.search);
      var target = u.hash && document.getElementById(u.hash.slice(1));
      if (target) target.scrollIntoView();
      form.querySelector("select").focus({ preventScroll: true });
    });
    form.hidden = false;
    if (location.search) set(location.search);
  }

  function init() {
    var filter = document.querySelector("form.error-filter");
    if (filter) errorIndex(filter);
    var buttons = document.querySelectorAll("button.copy-link[data-anchor]");
    if (buttons.length) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
      for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
      document.addEventListener("click", onClick);
    }
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
