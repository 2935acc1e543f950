"""Writes for the årshjul: import (upsert), category override, status, publish, copy to next year, feed token.

One function per state change, each in a transaction. Views, commands, jobs and tasks call these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from arshjul import kjerne
from arshjul.konvertering import felt_fra_kjerne, til_kjerne
from arshjul.models import Hendelse, Kalenderfeed, Status
from kodeverk.models import Fylke, Skolear
from kodeverk.skolear import skolear_for_kode
from vigo.parametere.services import kopier_til_neste_skolear as kopier_parametere


class ArshjulFeil(Exception):
    """A user-facing error (shown as a message)."""


def sikre_skolear(kode: str) -> Skolear:
    """The Skolear row for «2017-2018» (created with 1 August – 31 July when the code register lacks it)."""
    periode = skolear_for_kode(kode)
    skolear, _ = Skolear.objects.get_or_create(
        kode=kode, defaults={"startdato": periode.start, "sluttdato": periode.slutt}
    )
    return skolear


@dataclass
class Importresultat:
    skolear: str
    fylke: Fylke
    format: str
    per_maned: dict[str, int]
    opprettet: int = 0
    endret: int = 0
    uendret: int = 0
    beholdt_kategori: int = 0
    ikke_i_fila: int = 0
    ikke_plassert: list[kjerne.IkkePlassert] = field(default_factory=list)
    advarsler: list[kjerne.IkkePlassert] = field(default_factory=list)

    @property
    def antall(self) -> int:
        return self.opprettet + self.endret + self.uendret

    def som_dict(self) -> dict:
        return {
            "skolear": self.skolear,
            "fylke": self.fylke.nummer,
            "opprettet": self.opprettet,
            "endret": self.endret,
            "uendret": self.uendret,
            "beholdt_kategori": self.beholdt_kategori,
            "ikke_i_fila": self.ikke_i_fila,
            "per_maned": self.per_maned,
            "ikke_plassert": [f"linje {i.linje}: {i.tekst} ({i.grunn})" for i in self.ikke_plassert],
            "advarsler": [f"linje {a.linje}: {a.tekst} ({a.grunn})" for a in self.advarsler],
        }


def lagre_opplasting(tekst: str) -> str:
    """Store an uploaded document for job 0H001 (the job gets the storage name, not the text)."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    return default_storage.save(
        f"arshjul/opplasting/{uuid.uuid4().hex}.txt", ContentFile(tekst.encode("utf-8"))
    )


def les(tekst: str, skolear: str | None = None) -> kjerne.ParseResultat:
    try:
        return kjerne.les_arshjul(tekst, skolear or None)
    except ValueError as e:
        raise ArshjulFeil(str(e)) from None


@transaction.atomic
def importer(resultat: kjerne.ParseResultat, fylke: Fylke, bruker=None) -> Importresultat:
    """Upsert every event of a parsed document into the county's wheel, keyed on ``Hendelse.nokkel``.

    Fields the document decides are updated when they changed; a row that did not change is not saved (so the
    history stays quiet). A category a caseworker overrode is kept. Rows only in the database are left alone
    and counted in ``ikke_i_fila``.
    """
    sikre_skolear(resultat.skolear)
    ut = Importresultat(resultat.skolear, fylke, resultat.format, resultat.per_maned,
                        ikke_plassert=list(resultat.ikke_plassert), advarsler=list(resultat.advarsler))  # fmt: skip
    nokler = [h.nokkel for h in resultat.hendelser]
    finnes = {
        h.nokkel: h for h in Hendelse.objects.select_for_update().filter(fylke=fylke, nokkel__in=nokler)
    }
    nye: list[Hendelse] = []
    for kh in resultat.hendelser:
        felt = felt_fra_kjerne(kh)
        eksisterende = finnes.get(kh.nokkel)
        if eksisterende is None:
            nye.append(Hendelse(fylke=fylke, skolear_id=resultat.skolear, nokkel=kh.nokkel, **felt))
            continue
        if eksisterende.kategori_overstyrt:
            felt.pop("kategori")
            ut.beholdt_kategori += 1
        endringer = {k: v for k, v in felt.items() if getattr(eksisterende, k) != v}
        if not endringer:
            ut.uendret += 1
            continue
        for k, v in endringer.items():
            setattr(eksisterende, k, v)
        eksisterende._history_user = bruker
        eksisterende.save()
        ut.endret += 1
    if nye:
        bulk_create_with_history(nye, Hendelse, batch_size=500, default_user=bruker)
    ut.opprettet = len(nye)
    ut.ikke_i_fila = (
        Hendelse.objects.filter(fylke=fylke, skolear_id=resultat.skolear, utkast=False)
        .exclude(nokkel__in=nokler)
        .count()
    )
    return ut


def importer_tekst(tekst: str, fylker: Iterable[Fylke], skolear: str | None = None, bruker=None,
                   fremdrift: Callable[[int, int], None] | None = None) -> list[Importresultat]:  # fmt: skip
    """Parse once and import into each county's copy of the wheel."""
    resultat = les(tekst, skolear)
    fylker = list(fylker)
    ut = []
    for i, fylke in enumerate(fylker, start=1):
        ut.append(importer(resultat, fylke, bruker))
        if fremdrift:
            fremdrift(i, len(fylker))
    return ut


def _lagre(h: Hendelse, bruker, felt: list[str]) -> Hendelse:
    h._history_user = bruker
    h.save(update_fields=[*felt, "endret"])
    return h


@transaction.atomic
def overstyr_kategori(hendelse: Hendelse, kategori: str, bruker) -> Hendelse:
    """Set the category by hand; a re-import keeps it."""
    kjerne.Kategori(kategori)  # ValueError for an unknown slug
    hendelse.kategori = kategori
    hendelse.kategori_overstyrt = True
    return _lagre(hendelse, bruker, ["kategori", "kategori_overstyrt"])


@transaction.atomic
def tilbakestill_kategori(hendelse: Hendelse, bruker) -> Hendelse:
    """Let the rules decide the category again."""
    kategori, regel = kjerne.kategoriser(hendelse.fra, hendelse.hva, hendelse.til, hendelse.kommentar,
                                         kjerne.Datotype(hendelse.datotype))  # fmt: skip
    hendelse.kategori, hendelse.kategori_regel, hendelse.kategori_overstyrt = kategori.value, regel, False
    return _lagre(hendelse, bruker, ["kategori", "kategori_regel", "kategori_overstyrt"])


@transaction.atomic
def sett_status(hendelse: Hendelse, status: str, bruker) -> Hendelse:
    hendelse.status = Status(status)
    return _lagre(hendelse, bruker, ["status"])


@transaction.atomic
def sett_ansvar(hendelse: Hendelse, ansvarlig, paminnelse_dager: int | None, bruker) -> Hendelse:
    """Who is responsible, and whether they get an e-mail N days before (reset when the settings change)."""
    if ansvarlig is not None and ansvarlig.fylke_id != hendelse.fylke_id:
        raise ArshjulFeil("Ansvarlig må høre til samme fylke som hendelsen.")
    if (hendelse.ansvarlig_id, hendelse.paminnelse_dager) != (
        getattr(ansvarlig, "pk", None),
        paminnelse_dager,
    ):
        hendelse.paminnelse_sendt = None
    hendelse.ansvarlig, hendelse.paminnelse_dager = ansvarlig, paminnelse_dager
    return _lagre(hendelse, bruker, ["ansvarlig", "paminnelse_dager", "paminnelse_sendt"])


@transaction.atomic
def publiser(fylke: Fylke, skolear: str, bruker=None) -> int:
    """Publish the county's draft wheel for a school year. Returns the number of events published."""
    utkast = list(Hendelse.objects.select_for_update().filter(fylke=fylke, skolear_id=skolear, utkast=True))
    for h in utkast:
        h.utkast = False
        _lagre(h, bruker, ["utkast"])
    return len(utkast)


@dataclass
class Kopiresultat:
    til_skolear: str
    opprettet: int = 0
    fantes: int = 0
    flyttet: int = 0
    parametere: int = 0  # the county's system parameters copied along (vigo.parametere)


@transaction.atomic
def kopier_til_neste_ar(fylke: Fylke, skolear: str, bruker=None) -> Kopiresultat:
    """Copy a county's wheel to the next school year as a draft.

    Every date moves one year; a single-date deadline that lands on a Saturday, Sunday or public holiday moves
    to the next working day (the core's ``flytt_til_neste_ar``), and the event carries the note why. Events
    already in the target year (same natural key) are left alone, so copying twice is harmless. The county's
    system parameters for the year go along (``vigo.parametere.services.kopier_til_neste_skolear``: dates one
    year later, values already set in the target year kept).
    """
    kilde = list(
        Hendelse.objects.filter(fylke=fylke, skolear_id=skolear).order_by("start", "linje_fra", "pk")
    )
    if not kilde:
        raise ArshjulFeil(f"Fylket har ingen hendelser i skoleåret {skolear} å kopiere.")
    neste = kjerne.datoer.neste_skolear(skolear)
    sikre_skolear(neste)
    ut = Kopiresultat(neste)
    flyttede = [(h, *kjerne.flytt_til_neste_ar(til_kjerne(h))) for h in kilde]
    finnes = set(Hendelse.objects.filter(fylke=fylke, nokkel__in=[n.nokkel for _, n, _ in flyttede])
                 .values_list("nokkel", flat=True))  # fmt: skip
    nye = []
    for gammel, ny, merknad in flyttede:
        if ny.nokkel in finnes:
            ut.fantes += 1
            continue
        finnes.add(ny.nokkel)
        nye.append(Hendelse(fylke=fylke, skolear_id=neste, nokkel=ny.nokkel, **felt_fra_kjerne(ny),
                            kategori_overstyrt=gammel.kategori_overstyrt, ansvarlig=gammel.ansvarlig,
                            paminnelse_dager=gammel.paminnelse_dager, utkast=True, merknad=merknad or ""))  # fmt: skip
        ut.flyttet += bool(merknad)
    bulk_create_with_history(nye, Hendelse, batch_size=500, default_user=bruker)
    ut.opprettet = len(nye)
    ut.parametere = kopier_parametere(fylke, skolear, neste, bruker)
    return ut


def feed_for(fylke: Fylke) -> Kalenderfeed:
    feed, _ = Kalenderfeed.objects.get_or_create(fylke=fylke)
    return feed


@transaction.atomic
def forny_feed(fylke: Fylke) -> Kalenderfeed:
    """A new token: old subscription URLs stop working (e.g. after a URL leaked)."""
    from arshjul.models import _ny_token

    feed = feed_for(fylke)
    feed.token, feed.fornyet = _ny_token(), timezone.now()
    feed.save(update_fields=["token", "fornyet"])
    return feed
