"""Database checks shared by the SAS file import (``sas_import``) and the REST upserts (``inntak.elev.api``).

Why one module: a school sends the same elevkurs either as a line in a SAS file or as a JSON record, and the two
must refuse the same bad values with the same Norwegian messages. The format checks of the file are the reader's
(``inntak.elev.sas.les``); what needs the database (codes in kodeverk, the school's county, the user's school) is
here. Every check returns ``None`` when the value is good, else ``(kode, melding)``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kodeverk.models import Fag, Fagstatus, Kommune, Postnummer, Programomrade, Skole, Skolear

Funn = tuple[str, str] | None
"""``None`` (good) or ``(kode, melding)``."""


def ukjent_kode(hva: str, verdi: str) -> tuple[str, str]:
    """An unknown code, worded as the REST API's ``Post.kode`` (``vigo.api.validering``)."""
    return "ukjent_kode", _("Ukjent %(hva)s «%(v)s».") % {"hva": hva, "v": verdi}


def avbrudd_for_start(startdato: datetime.date | None, avbruddsdato: datetime.date | None) -> Funn:
    if startdato and avbruddsdato and avbruddsdato < startdato:
        return "ugyldig_dato", _("Avbruddsdatoen kan ikke være før startdatoen.")
    return None


def sas_skolear(verdi: str) -> str:
    """«20252026» (SAS) → «2025-2026» (kodeverk)."""
    return f"{verdi[:4]}-{verdi[4:]}" if len(verdi) == 8 else verdi


@dataclass
class Kodeverk:
    """The code lists an elevkurs refers to, read once per file or request (small tables, no per-record query)."""

    skoler: dict[str, tuple[int, int, bool]] = field(default_factory=dict)  # nr → (pk, fylke_id, aktiv)
    programomrader: dict[str, int] = field(default_factory=dict)
    skolear: dict[str, int] = field(default_factory=dict)  # «2025-2026» → pk
    fag: dict[str, tuple[int, bool]] = field(default_factory=dict)  # kode → (pk, elevtimer_grunnlag)
    fagstatus: dict[str, int] = field(default_factory=dict)
    kommuner: dict[str, int] = field(default_factory=dict)
    postnumre: dict[str, str] = field(default_factory=dict)  # nummer → poststed

    @classmethod
    def les(cls) -> Kodeverk:
        return cls(
            skoler={
                n: (pk, f, a)
                for n, pk, f, a in Skole.objects.values_list("skolenummer", "pk", "fylke_id", "aktiv")
            },  # fmt: skip
            programomrader=dict(Programomrade.objects.values_list("kode", "pk")),
            skolear=dict(Skolear.objects.values_list("kode", "pk")),
            fag={
                k: (pk, bool(g)) for k, pk, g in Fag.objects.values_list("kode", "pk", "elevtimer_grunnlag")
            },
            fagstatus=dict(Fagstatus.objects.values_list("kode", "pk")),
            kommuner=dict(Kommune.objects.values_list("nummer", "pk")),
            postnumre=dict(Postnummer.objects.values_list("nummer", "poststed")),
        )

    # -- checks: (pk | None, funn) ----------------------------------------------------------------------------

    def skole(self, nummer: str, *, fylke_id: int, bruker_skole_id: int | None) -> tuple[int | None, Funn]:
        """The school must exist, be in the county the import runs for, and be the user's own for a school user."""
        rad = self.skoler.get(nummer)
        if rad is None:
            return None, ("ukjent_skole", _("Ukjent skolenummer «%(s)s».") % {"s": nummer})
        pk, skolefylke, _aktiv = rad
        if skolefylke != fylke_id:
            return None, (
                "annet_fylke",
                _("Skole %(s)s hører ikke til fylket importen kjøres for.") % {"s": nummer},
            )
        if bruker_skole_id is not None and pk != bruker_skole_id:
            return None, ("ingen_tilgang", _("Du har ikke tilgang til skole %(s)s.") % {"s": nummer})
        return pk, None

    def skole2(self, nummer: str) -> tuple[int | None, Funn]:
        """Skole 2 (a fag taken at another school) may be in any county."""
        rad = self.skoler.get(nummer)
        if rad is None:
            return None, ("ukjent_skole", _("Ukjent skolenummer «%(s)s».") % {"s": nummer})
        return rad[0], None

    def programomrade(self, kode: str) -> tuple[int | None, Funn]:
        pk = self.programomrader.get(kode)
        return (pk, None) if pk is not None else (None, ukjent_kode(_("programområde"), kode))

    def skolear_kode(self, kode: str) -> tuple[int | None, Funn]:
        """``kode`` as in kodeverk («2025-2026»)."""
        pk = self.skolear.get(kode)
        return (pk, None) if pk is not None else (None, ukjent_kode(_("skoleår"), kode))

    def fag_kode(self, kode: str) -> tuple[tuple[int, bool] | None, Funn]:
        rad = self.fag.get(kode)
        return (rad, None) if rad is not None else (None, ukjent_kode(_("fagkode"), kode))

    def fagstatus_kode(self, kode: str) -> tuple[int | None, Funn]:
        pk = self.fagstatus.get(kode)
        return (pk, None) if pk is not None else (None, ukjent_kode(_("fagstatus"), kode))

    def kommune(self, nummer: str) -> tuple[int | None, Funn]:
        pk = self.kommuner.get(nummer)
        return (pk, None) if pk is not None else (None, ukjent_kode(_("kommunenummer"), nummer))
