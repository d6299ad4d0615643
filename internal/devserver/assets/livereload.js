// errdocs serve: reload this page when the site is rebuilt, keeping the
// scroll position. Served at /_errdocs/livereload.js; never published.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";
  var key = "errdocs-scroll:" + location.pathname + location.search;

  function restore() {
    var saved;
    try {
      saved = sessionStorage.getItem(key);
      sessionStorage.removeItem(key);
    } catch (e) {
      return;
    }
    if (!saved) {
      return;
    }
    var xy = saved.split(",");
    window.scrollTo(Number(xy[0]) || 0, Number(xy[1]) || 0);
  }
  if (document.readyState === "complete") {
    restore();
  } else {
    window.addEventListener("load", restore);
  }

  var source;
  function connect() {
    // The server sends this page's ID, which changes when a rebuild
    // changes the page: other rebuilds leave it as it is.
    source = new EventSource("/_errdocs/livereload?page=" + encodeURIComponent(location.pathname));
    source.addEventListener("build", function (ev) {
      if (ev.data === build) {
        return;
      }
      try {
        sessionStorage.setItem(key, window.scrollX + "," + window.scrollY);
      } catch (e) {}
      source.close();
      location.reload();
    });
    source.onerror = function () {
      // The browser retries by itself while the stream is only
      // interrupted; once it gives up (the server was down), retry here.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    };
  }
  connect();
})();
