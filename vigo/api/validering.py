"""Record-by-record validation of bulk requests, with set-wise code lookups.

Every error names the record (``index``, 0-based), the field, a stable machine code and a Norwegian message.
Lookups against kodeverk and the person register are done once per request for all records (``IN`` queries),
never per record.

Persons are looked up in the client's county view only (``personoppslag``): a fødselsnummer that another county
holds, outside that view, is answered exactly like one VIGO does not know. Any other answer ("finnes, men er
utenfor tilgangen") would tell the client that the number exists in another county.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Model
from django.utils.translation import gettext as _

from kodeverk.models import Skole
from vigo.fodselsnummer import feilmelding
from vigo.models import Person
from vigo.scoping import avgrens

MAKS_POSTER = 10_000
MAKS_FEIL = 1_000


class Avvist(Exception):
    """The request is refused as a whole: 400 with the error list, nothing is stored.

    At most ``MAKS_FEIL`` errors are listed (10 000 bad records can give several errors each); the answer then
    says so and gives the total in ``antall_feil``, so a client never takes the list for all of it.
    """

    def __init__(self, feil: list[dict[str, Any]], detail: str | None = None):
        super().__init__(detail or "avvist")
        self.feil = feil
        self.detail = detail or _("Ingen poster ble lagret: %(n)d feil.") % {"n": len(feil)}

    def som_svar(self) -> dict[str, Any]:
        detail = self.detail
        avkortet = len(self.feil) > MAKS_FEIL
        if avkortet:
            detail += " " + _(
                "Bare de første %(vist)d av %(n)d feil er listet; rett dem og send på nytt."
            ) % {
                "vist": MAKS_FEIL,
                "n": len(self.feil),
            }
        return {
            "detail": detail,
            "antall_feil": len(self.feil),
            "avkortet": avkortet,
            "feil": self.feil[:MAKS_FEIL],
        }


def parameterfeil(felt: str, melding: str) -> Avvist:
    """An invalid query parameter of a read: its own message (nothing was to be stored)."""
    return Avvist(
        [feil(None, felt, "ugyldig_parameter", melding)],
        detail=_("Ugyldig parameter «%(felt)s»: %(melding)s") % {"felt": felt, "melding": melding},
    )


def feil(index: int | None, felt: str, kode: str, melding: str) -> dict[str, Any]:
    return {"index": index, "felt": felt, "kode": kode, "melding": melding}


class Feilliste:
    def __init__(self) -> None:
        self.rader: list[dict[str, Any]] = []

    def legg_til(self, index: int | None, felt: str, kode: str, melding: str) -> None:
        self.rader.append(feil(index, felt, kode, melding))

    def __bool__(self) -> bool:
        return bool(self.rader)

    def avvis_hvis_feil(self) -> None:
        if self.rader:
            raise Avvist(self.rader)


def les_poster(data: Any, maks: int = MAKS_POSTER) -> list[dict[str, Any]]:
    """The body must be a JSON array of objects, at most ``maks`` long."""
    if not isinstance(data, list):
        raise Avvist([feil(None, "", "ikke_liste", _("Forespørselen må være en JSON-liste med poster."))])
    if len(data) > maks:
        raise Avvist(
            [feil(None, "", "for_mange", _("Høyst %(maks)d poster per forespørsel (fikk %(n)d).")
                  % {"maks": maks, "n": len(data)})]
        )  # fmt: skip
    ikke_objekt = [
        feil(i, "", "ikke_objekt", _("Posten må være et JSON-objekt.")) for i, p in enumerate(data)
        if not isinstance(p, dict)
    ]  # fmt: skip
    if ikke_objekt:
        raise Avvist(ikke_objekt)
    return data


class Post:
    """Reads the fields of one record; every problem goes to the shared ``Feilliste``."""

    def __init__(self, rad: Mapping[str, Any], index: int, feilliste: Feilliste, prefiks: str = ""):
        self.rad = rad
        self.index = index
        self.feilliste = feilliste
        self.prefiks = prefiks

    def feil(self, felt: str, kode: str, melding: str) -> None:
        self.feilliste.legg_til(self.index, self.prefiks + felt, kode, melding)

    def _raa(self, felt: str, paakrevd: bool) -> Any:
        verdi = self.rad.get(felt)
        if verdi is None or verdi == "":
            if paakrevd:
                self.feil(felt, "mangler", _("Feltet «%(felt)s» mangler.") % {"felt": felt})
            return None
        return verdi

    def tekst(self, felt: str, *, paakrevd: bool = True, maks: int = 100) -> str | None:
        verdi = self._raa(felt, paakrevd)
        if verdi is None:
            return None
        if not isinstance(verdi, str):
            self.feil(felt, "ugyldig_type", _("Feltet «%(felt)s» må være en tekst.") % {"felt": felt})
            return None
        verdi = verdi.strip()
        if not verdi:  # only blanks: as missing, so a required name is never stored empty
            if paakrevd:
                self.feil(felt, "mangler", _("Feltet «%(felt)s» mangler.") % {"felt": felt})
            return None
        if "\x00" in verdi:
            self.feil(felt, "ugyldig_tegn", _("Feltet «%(felt)s» inneholder NUL-tegn.") % {"felt": felt})
            return None
        if len(verdi) > maks:
            self.feil(felt, "for_lang", _("Høyst %(maks)d tegn.") % {"maks": maks})
            return None
        return verdi

    def dato(self, felt: str, *, paakrevd: bool = True) -> datetime.date | None:
        verdi = self.tekst(felt, paakrevd=paakrevd, maks=10)
        if verdi is None:
            return None
        try:
            return datetime.date.fromisoformat(verdi)
        except ValueError:
            self.feil(felt, "ugyldig_dato", _("Ugyldig dato «%(v)s»; bruk ÅÅÅÅ-MM-DD.") % {"v": verdi})
            return None

    def valg(self, felt: str, gyldige: Iterable[str], *, paakrevd: bool = True) -> str | None:
        verdi = self.tekst(felt, paakrevd=paakrevd, maks=30)
        gyldige = list(gyldige)
        if verdi is not None and verdi not in gyldige:
            self.feil(felt, "ugyldig", _("Ugyldig verdi «%(v)s». Gyldige verdier: %(g)s.")
                      % {"v": verdi, "g": ", ".join(gyldige)})  # fmt: skip
            return None
        return verdi

    def heltall(self, felt: str, gyldige: Iterable[int], *, standard: int | None = None) -> int | None:
        verdi = self.rad.get(felt)
        if verdi is None:
            return standard
        gyldige = list(gyldige)
        if isinstance(verdi, bool) or not isinstance(verdi, int) or verdi not in gyldige:
            self.feil(
                felt, "ugyldig", _("Må være et av tallene %(g)s.") % {"g": ", ".join(map(str, gyldige))}
            )
            return None
        return verdi

    def epost(self, felt: str) -> str | None:
        verdi = self.tekst(felt, paakrevd=False, maks=254)
        if verdi:
            try:
                validate_email(verdi)
            except ValidationError:
                self.feil(felt, "ugyldig", _("Ugyldig e-postadresse."))
                return None
        return verdi

    def fodselsnummer(self, felt: str = "fodselsnummer") -> str | None:
        verdi = self.tekst(felt, maks=20)
        if verdi is None:
            return None
        verdi = verdi.replace(" ", "")
        melding = feilmelding(verdi)
        if melding:
            self.feil(felt, "ugyldig_fodselsnummer", melding)
            return None
        return verdi

    def kode(self, felt: str, oppslag: Mapping[str, Any], hva: str, *, paakrevd: bool = True) -> Any:
        """The value ``oppslag`` maps the code to (usually a primary key); unknown code → error."""
        verdi = self.tekst(felt, paakrevd=paakrevd, maks=30)
        if verdi is None:
            return None
        if verdi not in oppslag:
            self.feil(felt, "ukjent_kode", _("Ukjent %(hva)s «%(v)s».") % {"hva": hva, "v": verdi})
            return None
        return oppslag[verdi]


# --- Set-wise lookups ------------------------------------------------------------------------------------------
def verdier(poster: Iterable[Mapping[str, Any]], felt: str) -> set[str]:
    """The string values of ``felt`` to look up (values PostgreSQL cannot hold are left to validation)."""
    return {v.strip().replace(" ", "") if felt == "fodselsnummer" else v.strip()
            for p in poster if isinstance(v := p.get(felt), str) and "\x00" not in v}  # fmt: skip


def kodeoppslag(modell: type[Model], koder: Iterable[str], felt: str = "kode") -> dict[str, int]:
    return dict(modell.objects.filter(**{f"{felt}__in": set(koder)}).values_list(felt, "pk"))


class Fylkesblikk:
    """The client as its county sees: a school client's writes may name any person its county sees (a person
    becomes linked to the school by the elevforhold the school registers), so lookups drop the school."""

    is_authenticated = True
    is_active = True
    skole_id = None

    def __init__(self, bruker):
        self.er_systemadministrator = bruker.er_systemadministrator
        self.fylke_id = bruker.fylke_id


def synlige_personer(bruker, fodselsnumre: Iterable[str]):
    """The persons with these numbers in the client's county view (own persons, and applicants to the county)."""
    return avgrens(Person.objects.filter(fodselsnummer__in=set(fodselsnumre)), Fylkesblikk(bruker))


def personoppslag(bruker, fodselsnumre: Iterable[str]) -> dict[str, int]:
    """fødselsnummer → id in the client's county view; other numbers are unknown to the client."""
    return dict(synlige_personer(bruker, fodselsnumre).values_list("fodselsnummer", "pk"))


def skjulte_fodselsnumre(bruker, fodselsnumre: Iterable[str]) -> set[str]:
    """The numbers that exist in VIGO outside the client's county view (to be answered as unknown)."""
    fodselsnumre = set(fodselsnumre)
    alle = set(Person.objects.filter(fodselsnummer__in=fodselsnumre).values_list("fodselsnummer", flat=True))
    return alle - set(synlige_personer(bruker, alle).values_list("fodselsnummer", flat=True))


class Skoleoppslag:
    """Schools named in a request: which exist, and which the client may write to (through ``avgrens``)."""

    def __init__(self, bruker, skolenumre: Iterable[str]):
        skolenumre = set(skolenumre)
        self.finnes = set(
            Skole.objects.filter(skolenummer__in=skolenumre).values_list("skolenummer", flat=True)
        )
        self.tillatt = dict(
            avgrens(Skole.objects.filter(skolenummer__in=skolenumre), bruker).values_list("skolenummer", "pk")
        )

    def hent(self, post: Post, felt: str = "skolenummer") -> int | None:
        nummer = post.tekst(felt, maks=5)
        if nummer is None:
            return None
        if nummer in self.tillatt:
            return self.tillatt[nummer]
        if nummer in self.finnes:
            post.feil(
                felt, "ingen_tilgang", _("API-klienten har ikke tilgang til skole %(s)s.") % {"s": nummer}
            )
        else:
            post.feil(felt, "ukjent_skole", _("Ukjent skolenummer «%(s)s».") % {"s": nummer})
        return None


def hent_person(post: Post, personer: Mapping[str, int]) -> int | None:
    fnr = post.fodselsnummer()
    if fnr is None:
        return None
    if fnr not in personer:
        post.feil("fodselsnummer", "ukjent_person", _(
            "Eleven finnes ikke i fylkets personregister; send eleven til /api/v1/elever først. En elev som et "
            "annet fylke forvalter, kan registreres her når eleven har søkt inntak i fylket."))  # fmt: skip
        return None
    return personer[fnr]


def sjekk_duplikat(post: Post, sett: dict[tuple, int], nokkel: tuple, felt: str) -> bool:
    """True the first time ``nokkel`` is seen; a repeat in the same request is an error."""
    if None in nokkel:
        return False
    if nokkel in sett:
        post.feil(felt, "duplikat", _("Samme post som index %(i)d.") % {"i": sett[nokkel]})
        return False
    sett[nokkel] = post.index
    return True


def les_og_sjekk(
    poster: Sequence[dict[str, Any]],
    les: Callable[[Post], dict[str, Any]],
    *,
    nokkel: Sequence[str],
    duplikatfelt: str,
) -> tuple[list[tuple[Post, dict[str, Any]]], Feilliste]:
    """The loop every bulk write shares: each record validated by ``les`` (which names its own errors on the
    ``Post``), a repeat of the same natural key (``nokkel``, named fields of what ``les`` returns) in one request
    refused, and the (post, values) pairs returned in order with the error list; nothing is written here."""
    feilliste = Feilliste()
    lest: list[tuple[Post, dict[str, Any]]] = []
    sett: dict[tuple, int] = {}
    for i, rad in enumerate(poster):
        post = Post(rad, i, feilliste)
        verdier_ = les(post)
        if sjekk_duplikat(post, sett, tuple(verdier_[k] for k in nokkel), duplikatfelt):
            lest.append((post, verdier_))
    return lest, feilliste


def upsert_poster(
    modell: type[Model],
    poster: Sequence[dict[str, Any]],
    les: Callable[[Post], dict[str, Any]],
    *,
    nokkel: Sequence[str],
    oppdater: Sequence[str],
    duplikatfelt: str,
) -> dict[str, Any]:
    """Validate every record (``les_og_sjekk``), refuse the whole request if any is bad, else one upsert on the
    natural key ``nokkel``. Call inside the service's transaction."""
    from vigo.bulk import upsert

    lest, feilliste = les_og_sjekk(poster, les, nokkel=nokkel, duplikatfelt=duplikatfelt)
    feilliste.avvis_hvis_feil()
    return upsert(modell, [v for _, v in lest], konflikt=list(nokkel), oppdater=list(oppdater)).som_svar()
