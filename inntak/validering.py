"""Validation of a søknad's wishes, as plain functions returning Norwegian messages.

Why separate from the services: the same rules are checked when a søknad is registered, when a wish is added or
removed, by forms and by the REST API, and each rule must produce one clear message the caseworker can act on.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from inntak.models import Rettstatus, Tilbud, TilbudStatus
from vigo.parametere.selectors import parameter

MIN_UTDANNINGSPROGRAM_VG1 = 3


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
) -> list[str]:
    """Every rule broken by the ordered list ``tilbud``; an empty list means the wishes are valid.

    Rules: at least one wish; at most the county's ``inntak.maks_onsker``, and its wish structure (wishes per
    utdanningsprogram, schools per programområde); no tilbud twice; only open tilbud of the søknad's
    school year, level and county (landslinjer may be in another county, § 6-12); Vg1 applicants with
    ungdomsrett list at least three different utdanningsprogram, because their right is to one of three
    (§ 6-14, docs/regler/regler-2006.md §3.6) — except § 6-15 cases, whose fortrinn is to one particular programme; no wish on a
    programområde that has expired (gyldig til) before the school year starts.
    """
    feil: list[str] = []
    if not tilbud:
        return [_("Søknaden må ha minst ett ønske.")]
    maks = parameter(fylke, skolear, "inntak.maks_onsker")  # default: Fylke.maks_onsker
    if len(tilbud) > maks:
        feil.append(
            _("Søknaden har %(n)d ønsker, men %(fylke)s tillater høyst %(maks)d ønsker per søker i %(ar)s.")
            % {"n": len(tilbud), "fylke": fylke.navn, "maks": maks, "ar": skolear.kode}
        )
    feil += _onskestruktur(fylke, skolear, tilbud)
    sett: dict[int, int] = {}
    for nr, t in enumerate(tilbud, 1):
        if t.pk in sett:
            feil.append(
                _("Ønske %(nr)d er det samme tilbudet som ønske %(forste)d (%(tilbud)s). Hvert tilbud kan bare "
                  "ønskes én gang.") % {"nr": nr, "forste": sett[t.pk], "tilbud": t}
            )  # fmt: skip
            continue
        sett[t.pk] = nr
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
        if t.programomrade.niva != niva:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) er et tilbud på %(tniva)s, men søknaden gjelder %(sniva)s.")
                % {"nr": nr, "tilbud": t, "tniva": t.programomrade.get_niva_display(), "sniva": niva.capitalize()}
            )  # fmt: skip
        if t.fylke_id != fylke.pk and not t.landslinje:
            feil.append(
                _("Ønske %(nr)d (%(tilbud)s) er ikke et tilbud i %(fylke)s.")
                % {"nr": nr, "tilbud": t, "fylke": fylke.navn}
            )
    if niva == "VG1" and rettstatus == Rettstatus.UNGDOMSRETT and behandlingskategori != "FOR615":
        antall = len({_utdanningsprogram(t) for t in tilbud})
        if antall < MIN_UTDANNINGSPROGRAM_VG1:
            feil.append(
                _("Søkere til Vg1 med ungdomsrett må søke minst tre ulike utdanningsprogram, fordi retten gjelder "
                  "ett av tre. Søknaden har %(n)d.") % {"n": antall}
            )  # fmt: skip
    return feil


def _onskestruktur(fylke, skolear, tilbud: Sequence[Tilbud]) -> list[str]:
    """The county's wish structure (its local forskrift, docs/regler/regler-2024.md §4.2: e.g. Rogaland «3
    programmes × up to 3 schools», Oslo «up to 6 schools per programområde»), from the system parameters; 0 = none."""
    feil: list[str] = []
    per_program = parameter(fylke, skolear, "inntak.maks_onsker_per_utdanningsprogram")
    if per_program:
        grupper: dict[str, list[Tilbud]] = {}
        for t in tilbud:
            grupper.setdefault(_utdanningsprogram(t), []).append(t)
        for gruppe in grupper.values():
            if len(gruppe) > per_program:
                up = gruppe[0].programomrade.utdanningsprogram
                feil.append(
                    _("Søknaden har %(n)d ønsker i utdanningsprogrammet %(up)s, men %(fylke)s tillater høyst "
                      "%(maks)d ønsker per utdanningsprogram.")
                    % {"n": len(gruppe), "up": up.navn if up else gruppe[0].programomrade.kode[:2],
                       "fylke": fylke.navn, "maks": per_program}
                )  # fmt: skip
    per_po = parameter(fylke, skolear, "inntak.maks_skoler_per_programomrade")
    if per_po:
        skoler: dict[int, set[int]] = {}
        for t in tilbud:
            skoler.setdefault(t.programomrade_id, set()).add(t.skole_id)
        for t in tilbud:
            antall = len(skoler.pop(t.programomrade_id, ()))
            if antall > per_po:
                feil.append(
                    _("Søknaden har %(n)d skoler for programområdet %(po)s, men %(fylke)s tillater høyst %(maks)d "
                      "skoler per programområde.")
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
