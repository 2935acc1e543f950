"""Writes of the student register's API: elever (persons), elevforhold and sluttere from the schools' SAS, as
idempotent bulk upserts.

Persons are county data, and who may change one is ``vigo.services.kan_endre_person``: the person's home county
(a school client: only persons linked to the school). For each record:

- a fødselsnummer VIGO does not know: the person is created in the client's county (``opprettet``);
- a person the client may change: the fields present in the record are changed (``oppdatert``/``uendret``);
- a person the client's county sees but may not change (a gjesteelev another county owns, or a person not yet
  linked to the school): nothing is changed, and the record is listed in ``ikke_endret``;
- a person another county holds outside the client's county view: answered exactly as an unknown number
  (counted in ``opprettet``) and nothing is stored. Saying anything else would tell the client that the number
  exists in another county; that county's record is not the client's to change.

Elevforhold are school data: the school must be the client's (or in its county), the person must be in the
county's view (``validering.personoppslag``), and a record is the full state of the elevforhold.

The persons are the core's (``vigo.models.Person``, ``vigo.services``): this domain writes them through the core's
rules and bulk helpers; the core never calls back into it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from inntak.elev.models import Elevforhold
from inntak.elev.services.sas_kontroll import avbrudd_for_start, ukjent_kode
from kodeverk.models import Elevstatus, Programomrade, Skolear
from vigo.api.validering import (
    Feilliste,
    Post,
    Skoleoppslag,
    hent_person,
    kodeoppslag,
    les_og_sjekk,
    personoppslag,
    sjekk_duplikat,
    synlige_personer,
    upsert_poster,
    verdier,
)
from vigo.bulk import sett_inn, upsert
from vigo.fodselsnummer import fodselsdato_fra_nummer
from vigo.models import Person, UkjentNavn
from vigo.models.personer import Malform
from vigo.scoping import avgrens
from vigo.services import endrbare_personer

logger = logging.getLogger("vigo.api")

PERSONFELT = (
    "fornavn",
    "mellomnavn",
    "etternavn",
    "adresse",
    "postnummer",
    "poststed",
    "epost",
    "mobil",
    "malform",
)
_POSTNUMMER = re.compile(r"^\d{4}$")


def _les_elev(post: Post) -> dict[str, Any]:
    v: dict[str, Any] = {
        "fodselsnummer": post.fodselsnummer(),
        "fornavn": post.tekst("fornavn"),
        "etternavn": post.tekst("etternavn"),
    }
    for felt, maks in (("mellomnavn", 100), ("adresse", 200), ("poststed", 100), ("mobil", 20)):
        if felt in post.rad:
            v[felt] = post.tekst(felt, paakrevd=False, maks=maks) or ""
    if "postnummer" in post.rad:
        nr = post.tekst("postnummer", paakrevd=False, maks=4) or ""
        if nr and not _POSTNUMMER.match(nr):
            post.feil("postnummer", "ugyldig", _("Postnummer må ha 4 siffer."))
        v["postnummer"] = nr
    if "epost" in post.rad:
        v["epost"] = post.epost("epost") or ""
    if "malform" in post.rad:
        v["malform"] = post.valg("malform", Malform.values, paakrevd=False) or Malform.BOKMAL
    return v


@transaction.atomic
def upsert_elever(bruker, poster: Sequence[dict[str, Any]]) -> dict[str, Any]:
    feilliste = Feilliste()
    lest: list[tuple[int, dict[str, Any]]] = []
    sett: dict[tuple, int] = {}
    for i, rad in enumerate(poster):
        post = Post(rad, i, feilliste)
        v = _les_elev(post)
        if sjekk_duplikat(post, sett, (v["fodselsnummer"],), "fodselsnummer"):
            lest.append((i, v))
    feilliste.avvis_hvis_feil()

    fnr = [v["fodselsnummer"] for _, v in lest]
    finnes = {p.fodselsnummer: p for p in Person.objects.filter(fodselsnummer__in=fnr)}
    synlige = set(synlige_personer(bruker, fnr).values_list("pk", flat=True))
    endrbare = set(
        endrbare_personer(bruker, Person.objects.filter(fodselsnummer__in=fnr)).values_list("pk", flat=True)
    )
    skjulte = 0
    na = timezone.now()
    nye: list[dict[str, Any]] = []
    endrede: list[Person] = []
    endrede_felt: set[str] = set()
    navngitte: list[int] = []
    ikke_endret: list[dict[str, Any]] = []
    for i, v in lest:
        person = finnes.get(v["fodselsnummer"])
        if person is None:
            nye.append({"fylke_id": bruker.fylke_id, "fodselsdato": fodselsdato_fra_nummer(v["fodselsnummer"]),
                        "kommune_id": None, **{f: "" for f in PERSONFELT}, "malform": Malform.BOKMAL, **v})  # fmt: skip
            continue
        if person.pk not in synlige:
            skjulte += 1  # answered as a new person (module docstring); nothing is stored
            continue
        if person.pk not in endrbare:
            ikke_endret.append({"index": i, "kode": "utenfor_tilgang", "melding": _(
                "API-klienten kan ikke endre denne personen (et annet fylke forvalter personen, eller personen er "
                "ikke knyttet til skolen ennå); opplysningene er ikke endret.")})  # fmt: skip
            continue
        navngitte.append(person.pk)
        felt = [f for f in PERSONFELT if f in v and getattr(person, f) != v[f]]
        if felt:
            for f in felt:
                setattr(person, f, v[f])
            person.endret = na
            endrede.append(person)
            endrede_felt.update(felt)
    sett_inn(Person, nye, historikk="API")
    if endrede:
        bulk_update_with_history(endrede, Person, sorted(endrede_felt | {"endret"}), batch_size=1000)
    if navngitte:
        UkjentNavn.objects.filter(person_id__in=navngitte).delete()
    if skjulte:
        logger.info("API-klient %s: %d elevposter gjaldt personer utenfor fylkets tilgang og ble ikke lagret.",
                    getattr(getattr(bruker, "klient", None), "uuid", "-"), skjulte)  # fmt: skip
    opprettet = len(nye) + skjulte
    uendret = len(lest) - opprettet - len(endrede) - len(ikke_endret)
    return {"antall": len(lest), "opprettet": opprettet, "oppdatert": len(endrede), "uendret": uendret,
            "ikke_endret": ikke_endret}  # fmt: skip


class _Elevforholdoppslag:
    """Everything an elevforhold record refers to, looked up once for the whole request."""

    def __init__(self, bruker, poster: Sequence[dict[str, Any]]):
        self.personer = personoppslag(bruker, verdier(poster, "fodselsnummer"))
        self.skoler = Skoleoppslag(bruker, verdier(poster, "skolenummer"))
        self.skolear = kodeoppslag(Skolear, verdier(poster, "skolear"))
        self.programomrader = kodeoppslag(Programomrade, verdier(poster, "programomrade"))

    def nokkel(self, post: Post) -> dict[str, Any]:
        return {
            "person_id": hent_person(post, self.personer),
            "skole_id": self.skoler.hent(post),
            "skolear_id": _kode(post, "skolear", self.skolear, _("skoleår")),
            "programomrade_id": _kode(post, "programomrade", self.programomrader, _("programområde")),
        }


def _kode(post: Post, felt: str, oppslag: dict[str, int], hva: str) -> int | None:
    """A code looked up set-wise, refused with the SAS file import's message (``sas_kontroll``)."""
    verdi = post.tekst(felt, maks=30)
    if verdi is None:
        return None
    if verdi not in oppslag:
        post.feil(felt, *ukjent_kode(hva, verdi))
        return None
    return oppslag[verdi]


def _sjekk_datoer(post: Post, start, avbrudd) -> None:
    funn = avbrudd_for_start(start, avbrudd)  # shared with the SAS file import
    if funn:
        post.feil("avbruddsdato", *funn)


ELEVFORHOLDNOKKEL = [
    "person_id",
    "skole_id",
    "skolear_id",
    "programomrade_id",
]  # the natural key of an elevforhold


@transaction.atomic
def upsert_elevforhold(bruker, poster: Sequence[dict[str, Any]]) -> dict[str, Any]:
    oppslag = _Elevforholdoppslag(bruker, poster)
    elevstatus = kodeoppslag(Elevstatus, verdier(poster, "elevstatus"))

    def les(post: Post) -> dict[str, Any]:
        v = oppslag.nokkel(post)
        v["startdato"] = post.dato("startdato")
        v["avbruddsdato"] = post.dato("avbruddsdato", paakrevd=False)
        v["avbruddsarsak"] = post.tekst("avbruddsarsak", paakrevd=False) or ""
        v["elevstatus_id"] = post.kode("elevstatus", elevstatus, _("elevstatus"), paakrevd=False)
        _sjekk_datoer(post, v["startdato"], v["avbruddsdato"])
        return v

    return upsert_poster(Elevforhold, poster, les, nokkel=ELEVFORHOLDNOKKEL, duplikatfelt="fodselsnummer",
                         oppdater=["startdato", "avbruddsdato", "avbruddsarsak", "elevstatus_id"])  # fmt: skip


@transaction.atomic
def registrer_sluttere(bruker, poster: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Pupils who leave: set avbruddsdato and avbruddsårsak on their existing elevforhold."""
    oppslag = _Elevforholdoppslag(bruker, poster)

    def les(post: Post) -> dict[str, Any]:
        v = oppslag.nokkel(post)
        v["avbruddsdato"] = post.dato("avbruddsdato")
        v["avbruddsarsak"] = post.tekst("avbruddsarsak")
        return v

    lest, feilliste = les_og_sjekk(poster, les, nokkel=ELEVFORHOLDNOKKEL, duplikatfelt="fodselsnummer")
    finnes = {
        tuple(r[k] for k in ELEVFORHOLDNOKKEL): r
        for r in avgrens(Elevforhold.objects.all(), bruker)
        .filter(
            person_id__in={v["person_id"] for _, v in lest}, skole_id__in={v["skole_id"] for _, v in lest}
        )
        .values(*ELEVFORHOLDNOKKEL, "startdato")
    }
    rader = []
    for post, v in lest:
        eksisterende = finnes.get(tuple(v[k] for k in ELEVFORHOLDNOKKEL))
        if eksisterende is None:
            post.feil("fodselsnummer", "ukjent_elevforhold",
                      _("Fant ikke elevforholdet (elev, skole, skoleår, programområde)."))  # fmt: skip
            continue
        _sjekk_datoer(post, eksisterende["startdato"], v["avbruddsdato"])
        rader.append({**v, "startdato": eksisterende["startdato"]})
    feilliste.avvis_hvis_feil()
    resultat = upsert(
        Elevforhold, rader, konflikt=ELEVFORHOLDNOKKEL, oppdater=["avbruddsdato", "avbruddsarsak"]
    )
    return resultat.som_svar()
