"""Validation of a søknad's wishes, as plain functions returning Norwegian messages.

Why separate from the services: the same rules are checked when a søknad is registered, when a wish is added or
removed, by forms and by the REST API, and each rule must produce one clear message the caseworker can act on.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from inntak.hjemler import ny_forskrift
from inntak.models import Rettstatus, Tilbud, TilbudStatus
from vigo.parametere.selectors import parametere

MIN_UTDANNINGSPROGRAM_VG1 = 3
MAKS_ONSKER_VOKSEN = 3  # opplæringsforskrifta § 13-3: up to three sluttkompetanser in priority order
UNNTATT_TRE_UTDANNINGSPROGRAM = frozenset({"FOR615"})
"""Categories whose fortrinn is to one particular programme (§ 6-15; its new hjemmel is § 4-21, same code)."""


def laereplass_pa_niva(programniva: str, soknadsniva: str) -> bool:
    """A wish for a læreplass (a lærefag, programområde nivå LAER) belongs on a søknad to Vg3: the applicant from
    Vg2 applies for «Vg3 / opplæring i bedrift» (docs/fagopplaering/formidling.md). Such wishes are not offered
    seats by the intake engine (inntak.kjoring.snapshot leaves them out); fagopplæringen formidles them (5A110)."""
    return programniva == "LAER" and soknadsniva == "VG3"


def _utdanningsprogram(tilbud: Tilbud) -> str:
    po = tilbud.programomrade
    return str(po.utdanningsprogram_id) if po.utdanningsprogram_id else po.kode[:2]


def valider_onsker(
    *,
    fylke,
    skolear,
    niva: str,
    rettstatus: str,
    tilbud: Sequence[Tilbud],
    behandlingskategori: str = "",
    inntakstype: str = "ordinar",
) -> list[str]:
    """Every rule broken by the ordered list ``tilbud``; an empty list means the wishes are valid.

    Rules: at least one wish; at most the county's ``inntak.maks_onsker``, and its wish structure (utdanningsprogram
    / programområder per søknad, wishes per utdanningsprogram, schools per programområde); no tilbud twice; only
    open tilbud of the søknad's school year, level and county (landslinjer may be in another county, § 6-12); Vg1
    applicants list at least three different utdanningsprogram (``_tre_utdanningsprogram``: those with ungdomsrett
    under the 2006 rules, § 6-14, docs/regler/regler-2006.md §3.6; all under § 4-7 andre ledd from 2025-2026) —
    except § 6-15 / § 4-21 cases, whose fortrinn is to one particular programme; no wish on a programområde that
    has expired (gyldig til) before the school year starts. A Vg3 søknad may also wish læreplasser (lærefag,
    programområde nivå LAER; ``laereplass_pa_niva``).

    Adults (``inntakstype="voksen"``, opplæringsforskrifta kapittel 13): at most three wishes (§ 13-3), only to
    tilbud for adults (``Tilbud.voksenopplaering``); the county's wish structure and the three-programme rule are
    kapittel 4 rules and do not apply. Ordinary søknader may not wish a tilbud for adults (docs/regler.md §9).
    """
    feil: list[str] = []
    if not tilbud:
        return [_("Søknaden må ha minst ett ønske.")]
    voksen = inntakstype == "voksen"
    p = parametere(fylke, skolear, "inntak")  # every intake parameter in one query
    maks = p["inntak.maks_onsker"]  # default: Fylke.maks_onsker
    if voksen and len(tilbud) > MAKS_ONSKER_VOKSEN:
        feil.append(
            _("Søknaden har %(n)d ønsker, men voksne kan søke høyst %(maks)d sluttkompetanser i prioritert "
              "rekkefølge (opplæringsforskrifta § 13-3).") % {"n": len(tilbud), "maks": MAKS_ONSKER_VOKSEN}
        )  # fmt: skip
    elif not voksen and len(tilbud) > maks:
        feil.append(
            _("Søknaden har %(n)d ønsker, men %(fylke)s tillater høyst %(maks)d ønsker per søker i %(ar)s.")
            % {"n": len(tilbud), "fylke": fylke.navn, "maks": maks, "ar": skolear.kode}
        )
    if not voksen:
        feil += _onskestruktur(fylke, niva, tilbud, p)
    sett: dict[int, int] = {}
    for nr, t in enumerate(tilbud, 1):
        if t.pk in sett:
            feil.append(
                _("Ønske %(nr)d er det samme tilbudet som ønske %(forste)d (%(tilbud)s). Hvert tilbud kan bare "
                  "ønskes én gang.") % {"nr": nr, "forste": sett[t.pk], "tilbud": t}
            )  # fmt: skip
            continue
        sett[t.pk] = nr
        if voksen and not t.voksenopplaering:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) er ikke et tilbud for voksne. Søknader i inntaket av voksne kan bare "
                  "ønske tilbud for voksne (opplæringsforskrifta § 13-3 og § 13-4).") % {"nr": nr, "tilbud": t}
            )  # fmt: skip
        elif not voksen and t.voksenopplaering:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) er et tilbud for voksne, som fylles i inntaket av voksne "
                  "(opplæringsforskrifta § 13-3 og § 13-4), ikke i det ordinære inntaket.") % {"nr": nr, "tilbud": t}
            )  # fmt: skip
        if t.skolear_id != skolear.pk:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) gjelder skoleåret %(tar)s, men søknaden gjelder %(sar)s.")
                % {"nr": nr, "tilbud": t, "tar": t.skolear.kode, "sar": skolear.kode}
            )
        elif t.status != TilbudStatus.APEN:
            feil.append(_("Ønske %(nr)d (%(tilbud)s) er stengt for søking.") % {"nr": nr, "tilbud": t})
        gyldig_til = t.programomrade.gyldig_til
        if gyldig_til and gyldig_til < skolear.startdato:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s): programområdet %(kode)s er utgått (gyldig til %(dato)s).")
                % {
                    "nr": nr,
                    "tilbud": t,
                    "kode": t.programomrade.kode,
                    "dato": gyldig_til.strftime("%d.%m.%Y"),
                }
            )
        if t.programomrade.niva != niva and not laereplass_pa_niva(t.programomrade.niva, niva):
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) er et tilbud på %(tniva)s, men søknaden gjelder %(sniva)s.")
                % {"nr": nr, "tilbud": t, "tniva": t.programomrade.get_niva_display(), "sniva": niva.capitalize()}
            )  # fmt: skip
        if t.fylke_id != fylke.pk and not t.landslinje:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) er ikke et tilbud i %(fylke)s.")
                % {"nr": nr, "tilbud": t, "fylke": fylke.navn}
            )
    if not voksen:
        feil += _tre_utdanningsprogram(fylke, skolear, niva, rettstatus, tilbud, behandlingskategori, p)
    return feil


def _tre_utdanningsprogram(fylke, skolear, niva, rettstatus, tilbud, behandlingskategori, p) -> list[str]:
    """Vg1: at least three different utdanningsprogram.

    2006 rules (to 2024-2025): applicants with ungdomsrett, whose right is to one of three (§ 6-14). 2024 rules
    (2025-2026 on, ``ny_forskrift``): every Vg1 applicant (opplæringsforskrifta § 4-7 andre ledd), unless the county
    keeps the old scope (``inntak.tre_utdanningsprogram_for_alle_vg1`` = nei). Fortrinn to one particular programme
    (FOR615: § 6-15, § 4-21 in the new regulation) is exempt under both.
    """
    if niva != "VG1" or behandlingskategori in UNNTATT_TRE_UTDANNINGSPROGRAM:
        return []
    antall = len({_utdanningsprogram(t) for t in tilbud})
    if antall >= MIN_UTDANNINGSPROGRAM_VG1:
        return []  # valid under every scope
    ny = ny_forskrift(skolear)
    alle = ny and p["inntak.tre_utdanningsprogram_for_alle_vg1"]
    if not alle and rettstatus != Rettstatus.UNGDOMSRETT:
        return []
    if alle:
        melding = _("Søkere til Vg1 må søke minst tre ulike utdanningsprogram (opplæringsforskrifta § 4-7 andre "
                    "ledd). Søknaden har %(n)d.")  # fmt: skip
    elif ny:
        melding = _("Søkere til Vg1 med ungdomsrett må søke minst tre ulike utdanningsprogram (opplæringsforskrifta "
                    "§ 4-7 andre ledd; %(fylke)s krever det bare av søkere med ungdomsrett). Søknaden har %(n)d.")  # fmt: skip
    else:
        melding = _("Søkere til Vg1 med ungdomsrett må søke minst tre ulike utdanningsprogram, fordi retten gjelder "
                    "ett av tre (forskrift til opplæringslova § 6-14). Søknaden har %(n)d.")  # fmt: skip
    return [melding % {"n": antall, "fylke": fylke.navn}]


def _onskestruktur(fylke, niva: str, tilbud: Sequence[Tilbud], p: dict) -> list[str]:
    """The county's wish structure (its local forskrift, docs/regler/regler-2024.md §4.2: e.g. Rogaland «3
    programmes × up to 3 schools», Oslo «3 programmes, up to 6 schools per programområde»), from the system
    parameters; 0 = none. ``inntak.maks_utdanningsprogram`` counts utdanningsprogram at Vg1 and programområder at
    Vg2/Vg3 (docs/systemparametere.md)."""
    feil: list[str] = []
    maks_program = p["inntak.maks_utdanningsprogram"]
    if maks_program:
        if niva == "VG1":
            antall = len({_utdanningsprogram(t) for t in tilbud})
            if antall > maks_program:
                feil.append(
                    _("Søknaden har %(n)d ulike utdanningsprogram, men %(fylke)s tillater høyst %(maks)d "
                      "utdanningsprogram per søknad på Vg1 (fylkets lokale forskrift, systemparameter «Maks antall "
                      "utdanningsprogram (Vg1) / programområder (Vg2/Vg3)»).") % {"n": antall, "fylke": fylke.navn, "maks": maks_program}
                )  # fmt: skip
        else:
            antall = len({t.programomrade_id for t in tilbud})
            if antall > maks_program:
                feil.append(
                    _("Søknaden har %(n)d ulike programområder, men %(fylke)s tillater høyst %(maks)d "
                      "programområder per søknad på Vg2 og Vg3 (fylkets lokale forskrift, systemparameter «Maks "
                      "antall utdanningsprogram (Vg1) / programområder (Vg2/Vg3)»).") % {"n": antall, "fylke": fylke.navn, "maks": maks_program}
                )  # fmt: skip
    per_program = p["inntak.maks_onsker_per_utdanningsprogram"]
    if per_program:
        grupper: dict[str, list[Tilbud]] = {}
        for t in tilbud:
            grupper.setdefault(_utdanningsprogram(t), []).append(t)
        for gruppe in grupper.values():
            if len(gruppe) > per_program:
                up = gruppe[0].programomrade.utdanningsprogram
                feil.append(
                    _("Søknaden har %(n)d ønsker i utdanningsprogrammet %(up)s, men %(fylke)s tillater høyst "
                      "%(maks)d ønsker per utdanningsprogram (fylkets lokale forskrift, systemparameter «Maks "
                      "antall ønsker per utdanningsprogram»).")
                    % {"n": len(gruppe), "up": up.navn if up else gruppe[0].programomrade.kode[:2],
                       "fylke": fylke.navn, "maks": per_program}
                )  # fmt: skip
    per_po = p["inntak.maks_skoler_per_programomrade"]
    if per_po:
        skoler: dict[int, set[int]] = {}
        for t in tilbud:
            skoler.setdefault(t.programomrade_id, set()).add(t.skole_id)
        for t in tilbud:
            antall = len(skoler.pop(t.programomrade_id, ()))
            if antall > per_po:
                feil.append(
                    _("Søknaden har %(n)d skoler for programområdet %(po)s, men %(fylke)s tillater høyst %(maks)d "
                      "skoler per programområde (fylkets lokale forskrift, systemparameter «Maks antall skoler per "
                      "programområde»).")
                    % {"n": antall, "po": t.programomrade.navn, "fylke": fylke.navn, "maks": per_po}
                )  # fmt: skip
    return feil


def valider_behandlingskategori(kategori, niva: str) -> list[str]:
    """Fortrinn/individuell categories are defined per level (§§ 6-15–6-24 Vg1, §§ 6-30–6-38 Vg2/Vg3)."""
    if kategori.niva == "VG1" and niva != "VG1":
        return [
            _("Behandlingskategori %(kode)s (%(hjemmel)s) gjelder bare Vg1.")
            % {"kode": kategori.kode, "hjemmel": kategori.hjemmel}
        ]
    if kategori.niva == "VG2" and niva == "VG1":
        return [
            _("Behandlingskategori %(kode)s (%(hjemmel)s) gjelder bare Vg2 og Vg3.")
            % {"kode": kategori.kode, "hjemmel": kategori.hjemmel}
        ]
    return []
