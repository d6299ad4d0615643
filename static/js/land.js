// land.js: loaded, not deferred, by a compact Errors page (one row per
// error). A link to an anchor of an error's entry, such as an old
// /errors/#401-tmus, goes on to its full text on /errors/401/#401-tmus as
// soon as the parser reaches the row that holds the anchor, without
// waiting for the rest of the page: at 5,000 errors that is a page of
// 2 MB. site.js does the same for anchors met later (hashchange).
(function () {
  "use strict";
  var id = "";
  try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
  if (!id || !window.MutationObserver) return;
  var obs = new MutationObserver(function () {
    var el = document.getElementById(id);
    if (!el) return;
    obs.disconnect();
    var row = el.closest(".error-index > li");
    if (!row) return;
    // The row's id is the error's; its page is below this one.
    location.replace(encodeURIComponent(row.id) + "/" + location.search +
      (el === row ? "" : "#" + encodeURIComponent(id)));
  });
  obs.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { obs.disconnect(); });
})();
