// Interactive map of /cartographie/carte (Leaflet, no tile server unless one is configured).
// Enhances the server-rendered SVG: same outlines (GeoJSON from the open data API), same colours,
// and the coverage of each commune is read from the table beside the map, so both always agree.
(function () {
  "use strict";
  var el = document.getElementById("carte-interactive");
  if (!el || !window.L || !window.fetch) return;
  var lignes = {};
  document.querySelectorAll("tr[data-commune]").forEach(function (tr) {
    var lien = tr.querySelector("a");
    lignes[tr.dataset.commune] = {niveau: tr.dataset.niveau, libelle: tr.dataset.libelle,
                                  href: lien ? lien.href : null};
  });
  var couleurs = {};
  ["epci", "autres", "aucun"].forEach(function (n) {
    var probe = document.querySelector(".carte-legende .carte--" + n);
    couleurs[n] = probe ? getComputedStyle(probe).backgroundColor : "#ccc";
  });
  Promise.all([fetch(el.dataset.communes), fetch(el.dataset.epci)]).then(function (rs) {
    if (!rs[0].ok || !rs[1].ok) throw new Error("contours indisponibles");
    return Promise.all([rs[0].json(), rs[1].json()]);
  }).then(function (data) {
    el.hidden = false;
    var map = L.map(el, {zoomSnap: 0.25, keyboard: true, attributionControl: !!el.dataset.fondUrl});
    if (el.dataset.fondUrl) {
      L.tileLayer(el.dataset.fondUrl, {attribution: el.dataset.fondAttribution || ""}).addTo(map);
    }
    var communes = L.geoJSON(data[0], {
      style: function (f) {
        var info = lignes[f.properties.code] || {niveau: "aucun"};
        return {color: "#fff", weight: 1, fillColor: couleurs[info.niveau], fillOpacity: 1};
      },
      onEachFeature: function (f, layer) {
        var info = lignes[f.properties.code];
        if (!info) return;
        layer.bindTooltip(f.properties.nom + " : " + info.libelle, {sticky: true});
        layer.on("click", function () { if (info.href) window.location.href = info.href; });
        layer.on("add", function () {
          var path = layer.getElement();
          if (!path) return;
          path.setAttribute("tabindex", "0");
          path.setAttribute("role", "link");
          path.setAttribute("aria-label", f.properties.nom + " : " + info.libelle);
          path.addEventListener("keydown", function (ev) {
            if (ev.key === "Enter" && info.href) window.location.href = info.href;
          });
          path.addEventListener("focus", function () { layer.openTooltip(layer.getBounds().getCenter()); });
          path.addEventListener("blur", function () { layer.closeTooltip(); });
        });
      }
    }).addTo(map);
    L.geoJSON(data[1], {interactive: false, style: {color: "#161616", weight: 2.5, fill: false}}).addTo(map);
    map.fitBounds(communes.getBounds());
    var svg = document.getElementById("carte-svg");
    if (svg) svg.hidden = true;
  }).catch(function () {
    // The server-rendered SVG stays: nothing is lost.
    el.hidden = true;
  });
})();
