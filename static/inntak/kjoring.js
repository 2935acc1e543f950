// Inntakskjøring: when the job's progress partial reports the run finished (HX-Trigger: kjoringFerdig),
// reload the page so the server can redirect to the finished run. No inline scripts (CSP).
(function () {
  "use strict";
  document.body.addEventListener("kjoringFerdig", function () {
    var boks = document.getElementById("fremdrift");
    if (boks && boks.dataset.lastPaaNytt) { window.location.reload(); }
  });
})();
// Capacity table of a new simulation: filter rows by school or programområde name as the caseworker types.
(function () {
  "use strict";
  var felt = document.querySelector("input[data-filtrer]");
  if (!felt) { return; }
  var tabell = document.getElementById(felt.dataset.filtrer);
  felt.addEventListener("input", function () {
    var q = felt.value.trim().toLowerCase();
    tabell.querySelectorAll("tbody tr").forEach(function (rad) {
      rad.hidden = q !== "" && rad.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
})();
