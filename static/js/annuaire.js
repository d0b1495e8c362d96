// Annuaire, progressive enhancement only: on a phone, the long list of thématiques starts
// folded so that the results are reachable without scrolling past twenty checkboxes.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 47.99em)").matches) { return; }
  document.querySelectorAll("details[data-fermer-sur-mobile]").forEach(function (details) {
    if (!details.querySelector("input:checked")) { details.open = false; }
  });
})();
