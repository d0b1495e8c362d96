// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After htmx swaps a step or a result list, move focus to the new heading so
  // screen-reader and keyboard users know the content changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    // A polled region (the workshop dashboard) refreshes by itself: it must not steal the focus.
    if (!target || target.closest("[data-sans-focus]")) { return; }
    var heading = target.querySelector("[data-focus-after-swap]") || target.querySelector("h1, h2");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
      heading.focus();
    }
  });
})();

// Back button in the wizard: a step's history entry is recorded when the step is shown, before its
// answer. Once htmx posted the answer and the server moved on to another step, that entry is rewritten
// with the answers in its address (the next step's query on this step's path), so Back shows the
// step answered. The next step's entry is then pushed by htmx as usual.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var d = event.detail || {};
    var cfg = d.requestConfig;
    if (!cfg || cfg.verb !== "post" || !d.xhr || !d.xhr.responseURL) { return; }
    var from = new URL(cfg.path, window.location.href);
    var to = new URL(d.xhr.responseURL);
    if (from.pathname.indexOf("/parcours/") !== 0 || to.pathname.indexOf("/parcours/") !== 0) { return; }
    if (from.pathname === to.pathname) { return; }  // the answer was refused: the step is shown again
    window.history.replaceState({ htmx: true }, "", from.pathname + to.search);
  });
})();
