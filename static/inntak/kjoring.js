// Inntakskjøring: when the job's progress partial reports the run finished (HX-Trigger: kjoringFerdig),
// reload the page so the server can redirect to the finished run. No inline scripts (CSP).
(function () {
  "use strict";
  document.body.addEventListener("kjoringFerdig", function () {
    var boks = document.getElementById("fremdrift");
    if (boks && boks.dataset.lastPaaNytt) { window.location.reload(); }
  });
})();
