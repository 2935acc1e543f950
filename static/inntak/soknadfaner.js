// Applicant page tabs (WAI-ARIA tabs pattern, manual activation). Without JavaScript the tabs are plain links
// (?fane=…) and every tab is reachable with Tab. With it: one tab stop (roving tabindex), Left/Right/Home/End move
// between tabs, Enter or Space opens one; htmx swaps the tabs and the panel and focus goes back to the open tab.
// A same-origin file: the CSP allows no inline scripts.
(function () {
  "use strict";
  var fraFane = false;

  function faner(liste) {
    return Array.prototype.slice.call(liste.querySelectorAll('[role="tab"]'));
  }

  function klargjor(rot) {
    (rot || document).querySelectorAll('[role="tablist"]').forEach(function (liste) {
      faner(liste).forEach(function (fane) {
        fane.setAttribute("tabindex", fane.getAttribute("aria-selected") === "true" ? "0" : "-1");
      });
    });
  }

  document.addEventListener("keydown", function (e) {
    var fane = e.target.closest && e.target.closest('[role="tab"]');
    if (!fane) { return; }
    var alle = faner(fane.closest('[role="tablist"]'));
    var i = alle.indexOf(fane);
    var neste = null;
    if (e.key === "ArrowRight") { neste = alle[(i + 1) % alle.length]; }
    else if (e.key === "ArrowLeft") { neste = alle[(i - 1 + alle.length) % alle.length]; }
    else if (e.key === "Home") { neste = alle[0]; }
    else if (e.key === "End") { neste = alle[alle.length - 1]; }
    else if (e.key === " " || e.key === "Spacebar") { e.preventDefault(); fane.click(); return; }
    if (neste) {
      e.preventDefault();
      alle.forEach(function (f) { f.setAttribute("tabindex", f === neste ? "0" : "-1"); });
      neste.focus();
    }
  });

  // Only a request from a tab sets the flag (another htmx request on the page, e.g. a poll, must not clear it).
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail && e.detail.elt && e.detail.elt.getAttribute("role") === "tab") { fraFane = true; }
  });

  // htmx:load fires on the new, attached content (afterSettle may fire on the replaced tab, which is detached and
  // never reaches the document), so the roving tabindex and the focus always follow the swap.
  document.addEventListener("htmx:load", function (e) {
    var rot = e.detail && e.detail.elt;
    if (!rot || !rot.querySelector || !(rot.id === "soknadsfaner" || rot.querySelector("#soknadsfaner"))) { return; }
    klargjor(document);
    if (!fraFane) { return; }
    fraFane = false;
    var valgt = document.querySelector('#soknadsfaner [role="tab"][aria-selected="true"]');
    if (valgt) {
      // Focus is lost only when the swap removed the focused tab (it then sits on body). htmx may already have put
      // it back on the tab with the same id, the user may have moved on with the arrow keys, or tabbed into the new
      // panel before the swap settled: never pull focus from where the user has put it.
      var aktiv = document.activeElement;
      if (!aktiv || aktiv === document.body) { valgt.focus(); }
      var tittel = valgt.textContent.trim();
      if (document.title.indexOf(" – ") > 0) {
        // Keep the page title in step with the open tab (the full page renders the same title).
        var deler = document.title.split(" – ");
        var produkt = deler.pop();
        var side = deler.slice(0, 2).join(" – ");
        document.title = (valgt.id === "fane-oversikt" ? side : side + " – " + tittel) + " – " + produkt;
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { klargjor(document); });
  } else {
    klargjor(document);
  }
})();
