"""Reads for the caseworker pages of the register: the person's section, the elevkurs list and 4S001.

Every read is scoped with ``vigo.scoping.avgrens`` (a school sees its own elevkurs only) and loads names and fag
lines in a fixed number of queries, however many elevkurs a person has.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from inntak.elev.models import Elevfag, Elevforhold, OtUngdom, Rett, Vitnemalsmerknad
from vigo.scoping import avgrens

RELASJONER = ("person", "skole", "programomrade", "skolear", "elevstatus", "elevstatus_manuell")


def _fag(bruker) -> Prefetch:
    fag = avgrens(Elevfag.objects.all(), bruker).select_related("fag", "fagstatus", "skole2", "skolear2")
    return Prefetch("fag", queryset=fag.order_by("fag__kode"))


def elevkurs_for(bruker) -> QuerySet:
    return avgrens(Elevforhold.objects.all(), bruker)


def elevkurs_for_person(bruker, person) -> list[Elevforhold]:
    """The person's elevkurs the user may see, newest skoleår first, with fag lines and vitnemålsmerknader."""
    return list(
        elevkurs_for(bruker)
        .filter(person=person)
        .select_related(*RELASJONER)
        .prefetch_related(
            _fag(bruker), Prefetch("vitnemalsmerknader", Vitnemalsmerknad.objects.order_by("kode"))
        )
        .order_by("-skolear__kode", "skole__navn", "programomrade__kode")
    )


def elevkurs_detalj(bruker, pk: int) -> Elevforhold | None:
    return (
        elevkurs_for(bruker)
        .filter(pk=pk)
        .select_related(*RELASJONER)
        .prefetch_related(
            _fag(bruker), Prefetch("vitnemalsmerknader", Vitnemalsmerknad.objects.order_by("kode"))
        )
        .first()
    )


def sok_elevkurs(
    bruker, *, skolear=None, skole=None, programomrade=None, elevstatus=None, klasse: str = ""
) -> QuerySet:
    """The elevkurs list (filters are optional; an index on (skolear, skole) carries the usual query)."""
    qs = elevkurs_for(bruker)
    if skolear is not None:
        qs = qs.filter(skolear=skolear)
    if skole is not None:
        qs = qs.filter(skole=skole)
    if programomrade is not None:
        qs = qs.filter(programomrade=programomrade)
    if elevstatus is not None:
        qs = qs.filter(elevstatus=elevstatus)
    if klasse:
        qs = qs.filter(klasse__icontains=klasse.strip())
    return qs.select_related(*RELASJONER).order_by("-skolear__kode", "skole__navn", "klasse", "person__etternavn",
                                                   "person__fornavn", "pk")  # fmt: skip


def rett_for_person(bruker, person) -> list[Rett]:
    if not bruker.has_perm("elev.view_rett"):
        return []
    return list(
        avgrens(Rett.objects.filter(person=person), bruker)
        .select_related("skolear")
        .order_by("-skolear__kode")
    )


def ot_for_person(bruker, person) -> list[OtUngdom]:
    if not bruker.has_perm("elev.view_otungdom"):
        return []
    return list(
        avgrens(OtUngdom.objects.filter(person=person), bruker).select_related("status", "otenhet", "fylke")
    )


def historikk(elevkurs: Elevforhold, grense: int = 50) -> list[dict]:
    """The history of the elevkurs and its fag lines, newest first: who, when, why and which fields changed.

    Two queries (the elevkurs' rows and the fag lines' rows); each row is compared with the previous version of
    the same object in Python (simple_history's ``diff_against`` would query per row)."""
    kurs = list(
        elevkurs.history.select_related("history_user").order_by("-history_date", "-history_id")[: grense + 1]
    )
    fag = list(
        Elevfag.history.filter(elevkurs_id=elevkurs.pk)
        .select_related("history_user", "fag")
        .order_by("-history_date", "-history_id")[: grense + 1]
    )
    rader = _endringer(kurs, Elevforhold, "", lambda h: "") + _endringer(
        fag, Elevfag, "fag", lambda h: h.fag.navn
    )
    rader.sort(key=lambda r: r["dato"], reverse=True)
    rader = rader[:grense]
    _navn_for_koblinger(rader)
    return rader


def _navn_for_koblinger(rader: list[dict]) -> None:
    """Show a changed foreign key (elevstatus, fagstatus, skole 2 …) by its name, not its id: one query per
    related table for all the rows."""
    ider: dict[type, set] = {}
    for r in rader:
        for e in r["endret"]:
            if e.get("modell") is not None:
                ider.setdefault(e["modell"], set()).update(v for v in (e["fra"], e["til"]) if v is not None)
    navn = {
        m: {pk: str(o) for pk, o in m._default_manager.in_bulk(list(pk_er)).items()}
        for m, pk_er in ider.items()
    }
    for r in rader:
        for e in r["endret"]:
            modell = e.pop("modell", None)
            if modell is not None:
                e["fra"] = navn[modell].get(e["fra"], e["fra"])
                e["til"] = navn[modell].get(e["til"], e["til"])


IKKE_VIST = {"id", "endret", "opprettet", "person", "skole", "skolear", "programomrade", "elevkurs"}


def _endringer(rader: list, modell, slag: str, hva) -> list[dict]:
    felt = [f for f in modell._meta.concrete_fields if f.name not in IKKE_VIST]
    per_objekt: dict[int, list] = {}
    for h in rader:
        per_objekt.setdefault(h.id, []).append(h)
    ut = []
    for versjoner in per_objekt.values():
        # versjoner: newest first; compare each with the one before it in time.
        for i, h in enumerate(versjoner):
            forrige = versjoner[i + 1] if i + 1 < len(versjoner) else None
            endret = []
            if forrige is not None:
                for f in felt:
                    a, b = getattr(forrige, f.attname), getattr(h, f.attname)
                    if a != b:
                        endret.append({"felt": str(f.verbose_name), "fra": a, "til": b,
                                       "modell": f.related_model if f.is_relation else None})  # fmt: skip
            ut.append(
                {
                    "dato": h.history_date,
                    "bruker": h.history_user,
                    "type": h.history_type,
                    "grunn": h.history_change_reason or "",
                    "slag": slag,
                    "hva": hva(h),
                    "endret": endret,
                }
            )
    return ut
