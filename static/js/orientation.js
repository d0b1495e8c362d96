// Results page: "Copier le lien" and "Imprimer la fiche" (buttons hidden without JavaScript).
(function () {
  "use strict";
  var status = document.getElementById("copie-statut");
  document.querySelectorAll("[data-copier]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copier"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var done = function () { if (status) { status.textContent = "Lien copié dans le presse-papiers."; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
  document.querySelectorAll("[data-imprimer]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
