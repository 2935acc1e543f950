"""Build the frozen ``inntak-snapshot/1`` of one run, set-based from PostgreSQL (three queries, no N+1).

What goes in (docs/regler/regler-2006.md §3, the engine's docstring):

* **tilbud**: the county's open tilbud for the skoleår whose programområde is on the run's nivå (closed tilbud
  only when a fixed or kept place points at them, with a warning); capacity = ``plasser``, or the simulation's
  override; ``inntakskrav`` as is.
* **søkere**: every søknad of the county/skoleår/nivå that is not withdrawn and has not left the intake (answer
  «nei» or missed svarfrist in an earlier published round). Wishes in ``nr`` order; wishes to tilbud outside the
  run are dropped (counted in a warning). ``poeng`` from the Poeng table (missing → "0.00" and a warning;
  individuell behandling without vedtak → "0.00" and a warning). ``gruppe`` = :func:`prioritetsgruppe` of the
  søknad's rettstatus, voksen, deltid and gjesteelev (the søknad flags below are ignored: old runs replay byte for
  byte); under rule set ``forskrift-2024`` (:mod:`inntak.motor.prioritet_2024`) of rettstatus, deltid,
  gjesteelev and the flags ``Soknad.saerlige_grunner``, ``samisk`` (§ 4-14 tredje ledd) and
  ``flytting_dokumentert`` (§ 4-8: ranks as own county); § 4-14 has no youth/adult split. A gjesteelev's wish to
  a landslinje (``Tilbud.landslinje``, § 4-16) or a statlig skole (``Tilbud.statlig``, § 4-15) carries the group
  of an own-county applicant (residence does not matter there). ``fast_plass`` from an innvilget Vedtak.
* **the county's readings** (forskrift-2024 only, system parameters read once per run,
  :func:`inntak.parametere.lesemater_2024`): ``inntak.voksenrett_som_rett`` (nei: § 18-3 applicants in groups
  8/9) and ``inntak.individuell_behandling`` («i_poengsteget»: an innvilget vedtak for individuell behandling gives
  no fixed place; the søker, without points, ranks after the points applicants of its group, by lottery; fortrinn
  vedtak still give fixed places). The readings used are recorded as one line in ``advarsler``.
* **not here**: wishes for a læreplass (programområde nivå LAER, formidlet by fagopplæringen, job 5A110; not
  counted as dropped) and søknader whose only wishes are læreplasser; søknader for adult intake
  (``Soknad.inntakstype`` «voksen», kapittel 13) and tilbud for adults (``Tilbud.voksenopplaering``); a wish to
  such a tilbud is dropped like one to a closed tilbud.
* **beholdt** (round ≥ 2): the place the søker holds after the latest earlier published round. The søker's
  latest answer decides which higher wishes stay: «ja» none, «ja og stå på venteliste» the chosen ones, no
  answer yet (or an exception) all of them — nobody loses a place before the svarfrist job has run.

Søker-id and tilbud-id in the snapshot are the database primary keys as strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from inntak.kjoring.kvote import utvid_med_kvoter
from inntak.models import Inntakskjoring, Onske, Poeng, Soknad, Svar, Tilbud, Tildeling, Vedtak
from inntak.models.inntakskjoring import UTE, SvarType
from inntak.motor import prioritetsgruppe
from inntak.motor.prioritet import STANDARD_REGELSETT
from inntak.motor.prioritet_2024 import FORSKRIFT_2024, Regelsett2024, Soker2024, prioritet_2024
from inntak.parametere import I_POENGSTEGET, lesemater_2024
from kodeverk.models import Behandlingskategori, Programomrade

RETT = {"ungdomsrett": "rett", "voksenrett": "rett", "uten_rett": "uten_rett"}
RETT_2024 = {"ungdomsrett": "ungdomsrett", "voksenrett": "voksenrett", "uten_rett": "ingen"}
MAKS_EKSEMPLER = 10


@dataclass
class Grunnlag:
    """A snapshot with what the writer needs to map the result back to the database."""

    snapshot: dict[str, Any]
    advarsler: list[str] = field(default_factory=list)
    # soknad id -> (tilbud ids, wish numbers) of the søknad's full wish list in the database
    onsker: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)
    rettstatus: dict[int, str] = field(default_factory=dict)

    def onske_nr(self, soknad_id: int, tilbud_id: int) -> int:
        tilbud, nr = self.onsker.get(soknad_id, ((), ()))
        try:
            return nr[tilbud.index(tilbud_id)]
        except ValueError:
            return 0


def _gruppe(
    niva: str,
    rett: str,
    voksen: bool,
    deltid: bool,
    gjest: bool,
    regelsett: str,
    landslinje: bool = False,
    *,
    statlig: bool = False,
    saerlige_grunner: bool = False,
    samisk: bool = False,
    flytting_dokumentert: bool = False,
    regler_2024: Regelsett2024 | None = None,
) -> int:
    """The søker's group: ``forskrift-2024`` (§ 4-14, no youth/adult split; særlige grunner and samisk rank first
    among other counties' applicants, a documented mover as the county's own, § 4-8; at a landslinje or a statlig
    skole residence does not matter, §§ 4-15–4-16; ``regler_2024`` = the county's readings) or an old rule set,
    unchanged (the flags are ignored there)."""
    if regelsett == FORSKRIFT_2024:
        soker = Soker2024(
            rett=RETT_2024.get(rett, "ingen"), eget_fylke=not gjest, deltid=deltid,
            saerlige_grunner=saerlige_grunner, samisk=samisk, flytting_dokumentert=flytting_dokumentert,
        )  # fmt: skip
        regler = regler_2024 or Regelsett2024()
        return prioritet_2024(
            soker, niva=niva.lower(), landslinje=landslinje, statlig=statlig, regelsett=regler
        ).gruppe
    return prioritetsgruppe(niva.lower(), RETT.get(rett, "uten_rett"), voksen, not deltid, gjest, regelsett)


def _tabell(modell) -> str:
    return connection.ops.quote_name(modell._meta.db_table)


_SOKNADER = """
SELECT s.id, s.rettstatus, s.deltid, s.voksen, s.hjemfylke_id <> s.fylke_id,
       s.saerlige_grunner, s.samisk, s.flytting_dokumentert, bk.gruppe,
       p.soknad_id IS NOT NULL, p.poeng, p.individuell_behandling, v.utfall, v.fast_plass_id,
       ARRAY(SELECT o.tilbud_id FROM {onske} o WHERE o.soknad_id = s.id AND {skoleplass} ORDER BY o.nr),
       ARRAY(SELECT o.nr FROM {onske} o WHERE o.soknad_id = s.id AND {skoleplass} ORDER BY o.nr)
  FROM {soknad} s
  JOIN {kategori} bk ON bk.id = s.behandlingskategori_id
  LEFT JOIN {poeng} p ON p.soknad_id = s.id
  LEFT JOIN {vedtak} v ON v.soknad_id = s.id
 WHERE s.fylke_id = %s AND s.skolear_id = %s AND s.niva = %s AND s.status NOT IN ('trukket', 'preutfylt')
   AND s.inntakstype <> 'voksen'
   AND (EXISTS (SELECT 1 FROM {onske} o WHERE o.soknad_id = s.id AND {skoleplass})
        OR NOT EXISTS (SELECT 1 FROM {onske} o WHERE o.soknad_id = s.id))
 ORDER BY s.id
"""

# A wish for a school place, not a læreplass: wishes on lærefag (programområde nivå LAER, allowed on a Vg3 søknad
# by inntak.validering) are formidlet by fagopplæringen (5A110), never offered a seat by the engine. A søknad whose
# only wishes are læreplasser is not in the run at all (no «no place» answer from the school intake).
_SKOLEPLASS = """NOT EXISTS (SELECT 1 FROM {tilbud} lt JOIN {po} lpo ON lpo.id = lt.programomrade_id
                         WHERE lt.id = o.tilbud_id AND upper(lpo.niva) = 'LAER')"""

_TILBUD = """
SELECT t.id, t.plasser, t.inntakskrav, t.status = 'apen', t.landslinje, t.statlig
  FROM {tilbud} t JOIN {po} po ON po.id = t.programomrade_id
 WHERE t.fylke_id = %s AND t.skolear_id = %s AND upper(po.niva) = %s AND NOT t.voksenopplaering
 ORDER BY t.id
"""


def _tidligere(fylke_id: int, skolear_id: int, niva: str, runde: int):
    """Published runs of the same county/skoleår/nivå before ``runde``, oldest first."""
    return Inntakskjoring.objects.filter(
        fylke_id=fylke_id, skolear_id=skolear_id, niva=niva, runde__lt=runde, publisert=True
    ).order_by("runde")


def _tidligere_tilstand(
    fylke_id: int, skolear_id: int, niva: str, runde: int
) -> tuple[set[int], dict[int, int], dict[int, tuple[str, list[int]]], set[int]]:
    """(søknader that left, place held after the latest earlier round, latest answer per søknad, søknader whose
    held place is in a § 4-6 quota)."""
    kjoringer = list(_tidligere(fylke_id, skolear_id, niva, runde).values_list("pk", "runde"))
    if not kjoringer:
        return set(), {}, {}, set()
    ids = [pk for pk, _ in kjoringer]
    ute = set(
        Svar.objects.filter(inntakskjoring_id__in=ids, svar__in=UTE).values_list("soknad_id", flat=True)
    )
    siste = kjoringer[-1][0]
    plass: dict[int, int] = {}
    i_kvote: set[int] = set()
    for sid, tid, kvote in Tildeling.objects.filter(
        inntakskjoring_id=siste, tilbud__isnull=False
    ).values_list("soknad_id", "tilbud_id", "kvote"):
        plass[sid] = tid
        if kvote:
            i_kvote.add(sid)
    svar: dict[int, tuple[str, list[int]]] = {}
    for sid, s, vl in (
        Svar.objects.filter(inntakskjoring_id__in=ids)
        .exclude(svar=SvarType.IKKE_BESVART)
        .order_by("inntakskjoring__runde", "pk")
        .values_list("soknad_id", "svar", "venteliste_tilbud")
    ):
        svar[sid] = (s, list(vl or []))
    return ute, plass, svar, i_kvote


def bygg_snapshot(
    *,
    fylke_id: int,
    skolear_id: int,
    niva: str,
    runde: int,
    seed: int,
    kapasitet: dict[str, int] | None = None,
    regelsett: str = STANDARD_REGELSETT,
) -> Grunnlag:
    """Read the database and return the run's snapshot (plain dict, ready for ``les_snapshot``)."""
    kapasitet = kapasitet or {}
    niva = niva.upper()
    ute, plass_for, svar_for, i_kvote = _tidligere_tilstand(fylke_id, skolear_id, niva, runde)
    with connection.cursor() as c:
        c.execute(
            _TILBUD.format(tilbud=_tabell(Tilbud), po=_tabell(Programomrade)), [fylke_id, skolear_id, niva]
        )
        tilbudsrader = c.fetchall()
        alle_tilbud = {tid: (plasser, krav, apen) for tid, plasser, krav, apen, *_ in tilbudsrader}
        # § 4-16 landslinje and § 4-15 statlig skole: residence does not matter there (forskrift-2024 only).
        landslinjer = {tid for tid, _, _, _, landslinje, statlig in tilbudsrader if landslinje or statlig}
        c.execute(
            _SOKNADER.format(
                soknad=_tabell(Soknad), onske=_tabell(Onske), kategori=_tabell(Behandlingskategori),
                poeng=_tabell(Poeng), vedtak=_tabell(Vedtak),
                skoleplass=_SKOLEPLASS.format(tilbud=_tabell(Tilbud), po=_tabell(Programomrade)),
            ),
            [fylke_id, skolear_id, niva],
        )  # fmt: skip
        rader = c.fetchall()

    apne = {tid for tid, (_, _, apen) in alle_tilbud.items() if apen}
    grunnlag = Grunnlag(snapshot={})
    mangler_poeng: list[int] = []
    uten_vedtak: list[int] = []
    fast_utenfor: list[int] = []
    droppet = 0
    brukte_stengte: set[int] = set()
    sokere: list[dict[str, Any]] = []
    ny = regelsett == FORSKRIFT_2024
    lesemater = lesemater_2024(fylke_id, skolear_id) if ny else {}
    regler_2024 = Regelsett2024(
        voksenrett_som_rett=lesemater.get("voksenrett_som_rett", True),
        individuell_plassering="etter_poeng",
    )
    individuell_i_poengsteget = ny and lesemater.get("individuell_behandling") == I_POENGSTEGET
    for (sid, rett, deltid, voksen, gjest, saerlige, samisk, flytting, kat, har_poeng, poeng, individuell, utfall,
         fast_id, onske_tilbud, onske_nr) in rader:  # fmt: skip
        flagg = {"saerlige_grunner": saerlige, "samisk": samisk, "flytting_dokumentert": flytting,
                 "regler_2024": regler_2024} if ny else {}  # fmt: skip
        if sid in ute:
            continue
        grunnlag.onsker[sid] = (onske_tilbud, onske_nr)
        grunnlag.rettstatus[sid] = rett
        rad: dict[str, Any] = {
            "id": str(sid),
            "gruppe": _gruppe(niva, rett, voksen, deltid, gjest, regelsett, **flagg),
        }
        if not har_poeng:
            mangler_poeng.append(sid)
            rad["poeng"] = "0.00"
        elif poeng is None:
            rad["poeng"] = "0.00"
            if individuell and utfall is None:
                uten_vedtak.append(sid)
        else:
            rad["poeng"] = f"{poeng:.2f}"
        if utfall is None and kat in ("fortrinn", "individuell") and uten_vedtak[-1:] != [sid]:
            uten_vedtak.append(sid)
        onsker = [t for t in onske_tilbud if t in apne]
        droppet += len(onske_tilbud) - len(onsker)
        # § 4-14 første ledd b, county reading «i poengsteget»: an individuell behandling vedtak gives no fixed
        # place; with no points the søker ranks after the points applicants of its group, by lottery.
        fast_plass_etter_vedtak = not (individuell_i_poengsteget and kat == "individuell")
        if utfall == Vedtak.Utfall.INNVILGET and fast_id is not None and fast_plass_etter_vedtak:
            if fast_id in alle_tilbud:
                rad["fast_plass"] = str(fast_id)
                if fast_id not in apne:
                    brukte_stengte.add(fast_id)
            else:
                fast_utenfor.append(sid)
        beholdt = plass_for.get(sid)
        if beholdt is not None and "fast_plass" not in rad and beholdt in alle_tilbud:
            onsker = _onsker_med_beholdt(onsker, beholdt, svar_for.get(sid))
            rad["beholdt"] = str(beholdt)
            if beholdt not in apne:
                brukte_stengte.add(beholdt)
        rad["onsker"] = [str(t) for t in onsker]
        if gjest and ny and landslinjer.intersection(onsker):
            # §§ 4-15–4-16: at a landslinje or a statlig skole a gjesteelev ranks as the county's own; the wish
            # carries its own group.
            egen = _gruppe(niva, rett, voksen, deltid, gjest, regelsett, landslinje=True, **flagg)
            rad["onsker"] = [{"tilbud": str(t), "gruppe": egen} if t in landslinjer and egen != rad["gruppe"]
                             else str(t) for t in onsker]  # fmt: skip
        sokere.append(rad)

    tilbud = []
    for tid, (plasser, krav, apen) in alle_tilbud.items():
        if not apen and tid not in brukte_stengte:
            continue
        rad = {"id": str(tid), "plasser": int(kapasitet.get(str(tid), plasser))}
        if krav:
            rad["inntakskrav"] = krav
        tilbud.append(rad)
    grunnlag.snapshot = {"format": "inntak-snapshot/1", "seed": seed, "tilbud": tilbud, "sokere": sokere}
    grunnlag.advarsler = _advarsler(mangler_poeng, uten_vedtak, fast_utenfor, droppet, brukte_stengte, kapasitet,
                                    alle_tilbud)  # fmt: skip
    if ny:  # the run records the county's readings it used (shown on the run page)
        grunnlag.advarsler.append(_lesemater_tekst(lesemater))
    # § 4-6: the inntaksprøve quotas (inntak/kjoring/kvote.py), after every other rule has been applied.
    grunnlag.advarsler += utvid_med_kvoter(grunnlag.snapshot, beholdt_i_kvote=i_kvote)
    return grunnlag


def _lesemater_tekst(lesemater: dict[str, Any]) -> str:
    voksen = "ja" if lesemater["voksenrett_som_rett"] else "nei"
    individuell = "i poengsteget" if lesemater["individuell_behandling"] == I_POENGSTEGET else "fast plass"
    return f"Lesemåter (forskrift-2024): voksenrett_som_rett={voksen}, individuell behandling={individuell}."


def _onsker_med_beholdt(onsker: list[int], beholdt: int, svar: tuple[str, list[int]] | None) -> list[int]:
    """The wishes a søker with a kept place still proposes to (the engine drops those below the kept one)."""
    hoyere = onsker[: onsker.index(beholdt)] if beholdt in onsker else list(onsker)
    if svar is not None and svar[0] == SvarType.JA:
        hoyere = []
    elif svar is not None and svar[0] == SvarType.JA_VENTELISTE:
        valgt = set(svar[1])
        hoyere = [t for t in hoyere if t in valgt]
    return hoyere + ([beholdt] if beholdt in onsker else [])


def _eksempler(ids: list[int]) -> str:
    tekst = ", ".join(str(i) for i in ids[:MAKS_EKSEMPLER])
    return tekst + (" …" if len(ids) > MAKS_EKSEMPLER else "")


def _advarsler(
    mangler_poeng, uten_vedtak, fast_utenfor, droppet, brukte_stengte, kapasitet, alle_tilbud
) -> list:
    ut = []
    if mangler_poeng:
        ut.append(f"{len(mangler_poeng)} søknader mangler beregnede poeng og får 0,00 (kjør 1P001 Beregn poeng). "
                  f"Søknad-id: {_eksempler(mangler_poeng)}.")  # fmt: skip
    if uten_vedtak:
        ut.append(f"{len(uten_vedtak)} søknader med fortrinn eller individuell behandling mangler vedtak og "
                  f"konkurrerer ordinært (individuell behandling med 0,00 poeng). Søknad-id: "
                  f"{_eksempler(uten_vedtak)}.")  # fmt: skip
    if fast_utenfor:
        ut.append(f"{len(fast_utenfor)} vedtak om fast plass viser til tilbud utenfor kjøringen og er ikke brukt. "
                  f"Søknad-id: {_eksempler(fast_utenfor)}.")  # fmt: skip
    if droppet:
        ut.append(f"{droppet} ønsker til stengte tilbud eller tilbud på andre nivåer er utelatt.")
    if brukte_stengte:
        ut.append(f"{len(brukte_stengte)} stengte tilbud er tatt med fordi faste eller beholdte plasser "
                  f"viser til dem: {_eksempler(sorted(brukte_stengte))}.")  # fmt: skip
    ukjente = sorted(k for k in kapasitet if not k.isdigit() or int(k) not in alle_tilbud)
    if ukjente:
        ut.append(f"Kapasitetsoverstyring for ukjente tilbud er ignorert: {', '.join(ukjente)}.")
    return ut
