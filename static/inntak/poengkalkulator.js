/* Poengkalkulatoren: legg til og fjern karakterrader i nettleseren.
 * Uten JavaScript gjør serveren det samme («Legg til rad» er en vanlig innsendingsknapp, og tomme rader
 * regnes ikke med). Ingen innebygde skript: CSP er script-src 'self'. */
(function () {
  "use strict";

  function radliste() {
    return document.getElementById("radliste");
  }

  function rader() {
    return Array.prototype.slice.call(radliste().querySelectorAll("tr[data-rad]"));
  }

  function meld(tekst) {
    var status = document.getElementById("radstatus");
    if (status) status.textContent = tekst;
  }

  /* Radnummeret står i radoverskriften, som hvert felt bruker i navnet sitt (aria-labelledby). */
  function nummerer() {
    rader().forEach(function (rad, i) {
      var nummer = rad.querySelector("[data-nummer]");
      if (nummer) nummer.textContent = String(i + 1);
    });
  }

  function nesteIndeks() {
    return rader().reduce(function (maks, rad) {
      var i = parseInt(rad.getAttribute("data-rad"), 10);
      return isNaN(i) ? maks : Math.max(maks, i);
    }, -1) + 1;
  }

  function visFjernknapper(omrade) {
    omrade.querySelectorAll("[data-fjern-rad]").forEach(function (knapp) {
      knapp.hidden = false;
    });
  }

  function leggTilRad() {
    var mal = document.getElementById("radmal");
    if (!mal || rader().length >= 60) return;
    var beholder = document.createElement("tbody");
    beholder.innerHTML = mal.innerHTML.split("__i__").join(String(nesteIndeks()));
    var rad = beholder.querySelector("tr");
    visFjernknapper(rad);
    radliste().appendChild(rad);
    nummerer();
    meld(document.getElementById("radliste").getAttribute("data-lagt-til").replace("%s", String(rader().length)));
    rad.querySelector("select, input").focus();
  }

  function fjernRad(knapp) {
    var rad = knapp.closest("tr");
    var naboer = rad.nextElementSibling || rad.previousElementSibling;
    rad.remove();
    nummerer();
    meld(radliste().getAttribute("data-fjernet"));
    var fokus = naboer ? naboer.querySelector("[data-fjern-rad]") : document.getElementById("legg-til-rad");
    if (fokus) fokus.focus();
  }

  document.addEventListener("click", function (hendelse) {
    var mal = hendelse.target instanceof Element ? hendelse.target : null;
    if (!mal) return;
    if (mal.closest("[data-legg-til-rad]")) {
      hendelse.preventDefault();
      leggTilRad();
    } else if (mal.closest("[data-fjern-rad]")) {
      hendelse.preventDefault();
      fjernRad(mal.closest("[data-fjern-rad]"));
    }
  });

  /* Fri fagkode og valg i lista utelukker hverandre; fri kode går foran på serveren. */
  document.addEventListener("change", function (hendelse) {
    var felt = hendelse.target;
    if (!(felt instanceof Element) || !felt.id) return;
    var treff = /^(fag|kode)-(\d+)$/.exec(felt.id);
    if (!treff || !felt.value) return;
    var annet = document.getElementById((treff[1] === "fag" ? "kode-" : "fag-") + treff[2]);
    if (annet) annet.value = "";
  });

  function start() {
    if (radliste()) visFjernknapper(radliste());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
