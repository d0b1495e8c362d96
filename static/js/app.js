// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // After htmx swaps a step or a result list, move focus to the new heading so
  // screen-reader and keyboard users know the content changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) { return; }
    var heading = target.querySelector("[data-focus-after-swap]") || target.querySelector("h1, h2");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
      heading.focus();
    }
  });
})();
