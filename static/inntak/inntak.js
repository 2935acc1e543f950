// Inntak: keep keyboard focus on the moved wish after an htmx swap of the wish list (WCAG 2.4.3).
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (hendelse) {
    var liste = document.getElementById("onsker");
    if (!liste || !liste.dataset.fokus) { return; }
    var knapp = document.getElementById(liste.dataset.fokus);
    if (knapp && knapp.disabled) {
      // The wish reached the top/bottom: the other button of the same wish is the next sensible target.
      var annen = liste.dataset.fokus.indexOf("opp-") === 0 ? "ned-" : "opp-";
      knapp = document.getElementById(annen + liste.dataset.fokus.split("-")[1]);
    }
    if (knapp) { knapp.focus(); }
  });
})();
