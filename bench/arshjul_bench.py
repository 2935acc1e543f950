"""Benchmark of the årshjul's read side: ``python -m bench arshjul`` (or ``python -m bench.arshjul_bench [N]``).

Parses both bundled documents, turns the events into unsaved model instances (no database writes), and times
the wheel geometry + SVG template, the month calendar and the iCalendar export for N copies of the year's events
(a county with many local events). Target: the wheel page for 1 000 events < 2 s (a real wheel has 100–150).
"""

from __future__ import annotations

import os
import sys
import time


def main(antall: int = 1000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings")
    import django

    django.setup()
    from django.template.loader import render_to_string

    from arshjul import eksport
    from arshjul.hjul import lag_hjul
    from arshjul.kalender import maned_rutenett
    from arshjul.kjerne.kilder import les_innebygd
    from arshjul.konvertering import felt_fra_kjerne
    from arshjul.models import Hendelse, Status
    from kodeverk.models import Fylke

    t = time.perf_counter()
    res = les_innebygd("2022-2023")
    print(f"   parse 2022-2023: {len(res.hendelser)} hendelser på {time.perf_counter() - t:.3f} s")
    fylke = Fylke(pk=1, nummer="99", navn="Benkfylke")
    hendelser = []
    for i in range(antall):
        kh = res.hendelser[i % len(res.hendelser)]
        h = Hendelse(pk=i + 1, fylke=fylke, skolear_id="2022-2023", nokkel=f"{i:032x}", **felt_fra_kjerne(kh))
        h.farge, h.tekstfarge = "#000", "#fff"
        h.beregnet = type("S", (), {"status": Status.PLANLAGT, "etikett": "Planlagt", "beregnet": False})()
        hendelser.append(h)

    def side(hs):
        return render_to_string("arshjul/hjul.html", {"hjul": lag_hjul(hs, "2022-2023"), "hendelser": hs,
                                "skolear": "2022-2023", "ringer": [], "legende": [], "kategorier": [], "valg": {}})  # fmt: skip

    side(hendelser[:5])  # warm up: template compilation and lazy imports are not what we measure
    eksport.ical(hendelser[:5], "Oppvarming")
    maned_rutenett(hendelser[:5], 2022, 10)  # loads the holiday tables
    t = time.perf_counter()
    hjul = lag_hjul(hendelser, "2022-2023")
    geometri = time.perf_counter() - t
    svg = side(hendelser)
    print(f"   hjul: {len(hjul.merker)} merker, geometri {geometri:.3f} s, side {time.perf_counter() - t:.3f} s "
          f"({len(svg) // 1024} KiB)")  # fmt: skip
    t = time.perf_counter()
    maned_rutenett(hendelser, 2022, 10)
    print(f"   kalender oktober: {time.perf_counter() - t:.3f} s")
    t = time.perf_counter()
    data = eksport.ical(hendelser, "Benk")
    print(f"   iCal: {len(data) // 1024} KiB på {time.perf_counter() - t:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
