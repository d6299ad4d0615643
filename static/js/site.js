// site.js: small enhancements. Every page works without it; it only adds the
// copy-link buttons (the "#" permalinks beside them work without JavaScript)
// and keyboard access to code blocks that scroll sideways.
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

  function init() {
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
