// Årshjul: show the focused or hovered mark's event in the side panel (keyboard and pointer alike).
(function () {
  "use strict";

  function linje(forelder, etikett, tekst) {
    if (!tekst) return;
    var p = document.createElement("p");
    if (etikett) {
      var b = document.createElement("strong");
      b.textContent = etikett + ": ";
      p.appendChild(b);
    }
    p.appendChild(document.createTextNode(tekst));
    forelder.appendChild(p);
  }

  function vis(merke, innhold, panel) {
    var d = merke.dataset;
    innhold.replaceChildren();
    var dato = document.createElement("p");
    dato.className = "dato";
    dato.textContent = d.dato;
    innhold.appendChild(dato);
    linje(innhold, "", d.hva);
    linje(innhold, "Fra", d.fra);
    linje(innhold, "Til", d.til);
    linje(innhold, "Kategori", d.kategori);
    linje(innhold, "Status", d.status);
    linje(innhold, "Jobber", d.jobber);
    var a = document.createElement("a");
    a.href = merke.getAttribute("href");
    a.textContent = "Åpne hendelsen";
    innhold.appendChild(a);
    panel.style.borderLeftColor = d.farge || "";
    document.querySelectorAll(".hjul-svg a.merke.valgt").forEach(function (m) { m.classList.remove("valgt"); });
    merke.classList.add("valgt");
  }

  function start() {
    var svg = document.querySelector(".hjul-svg");
    var panel = document.getElementById("hjul-detalj");
    var innhold = document.getElementById("hjul-detalj-innhold");
    if (!svg || !panel || !innhold) return;
    function behandle(e) {
      var merke = e.target.closest ? e.target.closest("a.merke") : null;
      if (merke) vis(merke, innhold, panel);
    }
    svg.addEventListener("focusin", behandle);
    svg.addEventListener("mouseover", behandle);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
