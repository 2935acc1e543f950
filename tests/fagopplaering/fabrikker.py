"""Shared test data for fagopplæring: lærefag, companies with valid organisasjonsnumre, approvals, contracts."""

from __future__ import annotations

import datetime
import itertools

from stdnum.no import orgnr as stdnum_orgnr

from fagopplaering.models import Bedrift, Godkjenning, Kontrakt, Kontraktstype, Opplaeringsansvarlig
from fagopplaering.regler.datoer import legg_til_maneder
from kodeverk import models as km

_loepenr = itertools.count(1)


def lag_orgnr(n: int | None = None) -> str:
    """A valid organisasjonsnummer (9 digits, mod 11 with weights 3 2 7 6 5 4 3 2), starting with 9 like real ones;
    numbers whose check digit would be 10 have no valid form and are skipped."""
    while True:
        grunn = f"9{(next(_loepenr) if n is None else n):07d}"
        n = None
        rest = sum(int(s) * v for s, v in zip(grunn, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        siffer = 0 if rest == 0 else 11 - rest
        if siffer < 10:
            assert stdnum_orgnr.is_valid(grunn + str(siffer))
            return grunn + str(siffer)


def lag_fagkodeverk() -> dict:
    """School years and two lærefag (niva LAER) under Elektro and Helse (on top of tests.fabrikker.lag_kodeverk)."""
    el = km.Utdanningsprogram.objects.get_or_create(kode="EL", defaults={"navn": "Elektro og datateknologi"})[
        0
    ]
    hs = km.Utdanningsprogram.objects.get_or_create(kode="HS", defaults={"navn": "Helse- og oppvekstfag"})[0]
    elektriker = km.Programomrade.objects.get_or_create(
        kode="ELELE3----", defaults={"navn": "Elektrikerfaget", "niva": "LAER", "utdanningsprogram": el}
    )[0]
    barne = km.Programomrade.objects.get_or_create(
        kode="HSBUA3----",
        defaults={"navn": "Barne- og ungdomsarbeiderfaget", "niva": "LAER", "utdanningsprogram": hs},
    )[0]
    ar = {}
    for start in (2024, 2025, 2026):
        ar[start] = km.Skolear.objects.get_or_create(
            kode=f"{start}-{start + 1}",
            defaults={"startdato": datetime.date(start, 8, 1), "sluttdato": datetime.date(start + 1, 7, 31),
                      "aktiv": start == 2026},
        )[0]  # fmt: skip
    return {"elektriker": elektriker, "barne": barne, "skolear": ar}


def lag_bedrift(navn: str = "Elektro AS", kommune=None, **kw) -> Bedrift:
    return Bedrift.objects.create(
        orgnr=kw.pop("orgnr", None) or lag_orgnr(), navn=navn, kommune=kommune, **kw
    )


def lag_godkjenning(bedrift, fylke, programomrade, fra=datetime.date(2020, 1, 1), **kw) -> Godkjenning:
    return Godkjenning.objects.create(
        bedrift=bedrift, fylke=fylke, programomrade=programomrade, godkjent_fra=fra, **kw
    )


def lag_faglig_leder(godkjenning, **kw) -> Opplaeringsansvarlig:
    return Opplaeringsansvarlig.objects.create(
        godkjenning=godkjenning, rolle="faglig_leder", fornavn=kw.pop("fornavn", "Kari"),
        etternavn=kw.pop("etternavn", "Leder"), fra=kw.pop("fra", datetime.date(2020, 1, 1)), **kw,
    )  # fmt: skip


def lag_kontrakt(
    person,
    fylke,
    bedrift,
    programomrade,
    *,
    fra=datetime.date(2025, 8, 15),
    mnd=24,
    type_kode="LK",
    godkjent=True,
    **kw,
) -> Kontrakt:
    """A contract written directly (test setup only; the product goes through fagopplaering.services.kontrakt).
    ``laeretid_til`` is the plain rule without avbrudd: fra + mnd months − 1 day."""
    return Kontrakt.objects.create(
        person=person, fylke=fylke, bedrift=bedrift, programomrade=programomrade,
        kontraktstype=Kontraktstype.objects.get(kode=type_kode), laeretid_fra=fra, netto_laeretid_mnd=mnd,
        laeretid_til=legg_til_maneder(fra, mnd) - datetime.timedelta(days=1),
        status="godkjent" if godkjent else "opprettet", godkjent_dato=fra if godkjent else None, **kw,
    )  # fmt: skip


def sett_tilskuddssatser(fylke, skolear_kode: str, *, bt1="183093", bt2="5963", lk="0", start=None) -> None:
    """The county's tilskudd rates for a school year, written as the parameter page would store them (H4)."""
    from vigo.models import Systemparameter

    verdier = {"fagopplaering.basistilskudd_1": str(bt1), "fagopplaering.basistilskudd_2": str(bt2),
               "fagopplaering.tilskudd_laerekandidat": str(lk)}  # fmt: skip
    if start is not None:
        verdier["fagopplaering.tilskudd_start"] = start
    for nokkel, verdi in verdier.items():
        Systemparameter.objects.update_or_create(
            fylke=fylke, skolear_id=skolear_kode, nokkel=nokkel, defaults={"verdi": verdi}
        )


def lag_avbrudd(kontrakt, fra, til=None, arsak="sykdom"):
    """An avbrudd written directly (test setup; the product goes through fagopplaering.services.kontrakt) (H4)."""
    from fagopplaering.models import Avbrudd

    return Avbrudd.objects.create(kontrakt=kontrakt, fra=fra, til=til, arsak=arsak)


_orgnr_serie = itertools.count(1)


def lag_gyldig_orgnr() -> str:
    """A valid organisasjonsnummer (9 digits, mod 11) from the series 91xxxxxxx, computed without stdnum's
    ``calc_check_digit`` (not in every stdnum version). Added by the company register's tests (H1)."""
    while True:
        grunn = f"91{next(_orgnr_serie):06d}"
        rest = sum(v * int(s) for v, s in zip((3, 2, 7, 6, 5, 4, 3, 2), grunn, strict=True)) % 11
        siffer = (11 - rest) % 11
        if siffer != 10:
            return f"{grunn}{siffer}"


_loepenr_h4 = itertools.count(500_000)


def lag_orgnr_mod11() -> str:
    """A valid organisasjonsnummer computed with the mod-11 weights (3, 2, 7, 6, 5, 4, 3, 2) directly (H4: does not
    depend on a stdnum helper); numbers whose check digit would be 10 are skipped."""
    while True:
        grunn = f"9{next(_loepenr_h4):07d}"
        rest = sum(int(s) * v for s, v in zip(grunn, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        siffer = 0 if rest == 0 else 11 - rest
        if siffer < 10:
            return grunn + str(siffer)


def lag_fagopplaering_rader(fylke, person) -> tuple:
    """One row of every fagopplæring model registered in the admin, inside ``fylke`` (for the admin walks in
    tests/sikkerhet: ``verden()`` needs a row of each county model in each county). ``person`` belongs to the
    county. The company lies in the county's first kommune, so the other county does not see it. Added by H1."""
    from decimal import Decimal

    from fagopplaering import models as fm

    fk = lag_fagkodeverk()
    kommune = km.Kommune.objects.filter(fylke=fylke).order_by("nummer").first()
    b = lag_bedrift(f"Rader {fylke.nummer} AS", kommune=kommune, orgnr=lag_gyldig_orgnr())
    kontor = lag_bedrift(f"Opplæringskontoret {fylke.nummer}", kommune=kommune, orgnr=lag_gyldig_orgnr(),
                         type=fm.Bedriftstype.OPPLAERINGSKONTOR)  # fmt: skip
    g = lag_godkjenning(b, fylke, fk["elektriker"])
    ansvarlig = lag_faglig_leder(g)
    medlem = fm.Medlemskap.objects.create(
        opplaeringskontor=kontor, medlem=b, fylke=fylke, fra=datetime.date(2024, 1, 1)
    )
    ar = fk["skolear"][2025]
    formidling = fm.Formidling.objects.create(person=person, fylke=fylke, skolear=ar, programomrade=fk["elektriker"],
                                              status_dato=datetime.date(2025, 3, 1))  # fmt: skip
    tilbud = fm.Formidlingstilbud.objects.create(
        formidling=formidling, bedrift=b, sendt=datetime.date(2025, 3, 2)
    )
    intensjon = fm.Intensjonsavtale.objects.create(bedrift=b, fylke=fylke, skolear=ar, programomrade=fk["elektriker"],
                                                   antall_laerlinger=1, type="forhand", person=person)  # fmt: skip
    k = lag_kontrakt(person, fylke, b, fk["elektriker"])
    avbrudd = fm.Avbrudd.objects.create(
        kontrakt=k, fra=datetime.date(2025, 10, 1), til=datetime.date(2025, 10, 20)
    )
    endring = fm.Kontraktendring.objects.create(
        kontrakt=k, felt={"netto_laeretid_mnd": 30}, begrunnelse="Test"
    )
    hendelse = fm.Hendelse.objects.create(type=fm.Hendelsestype.KONTRAKT_OPPRETTET, aktor="system", fylke=fylke,
                                          bedrift=b, kontrakt=k, tekst="Kontrakt opprettet.")  # fmt: skip
    beregning = fm.Tilskuddsberegning.objects.create(fylke=fylke, fra=datetime.date(2025, 7, 1),
                                                     til=datetime.date(2025, 12, 31))  # fmt: skip
    linje = fm.Tilskuddslinje.objects.create(beregning=beregning, kontrakt=k, bedrift=b, maned=datetime.date(2025, 9, 1),
                                             ordning=fm.Ordning.BT1, dager=30, dager_i_maned=30,
                                             sats=Decimal("15257.75"), belop=Decimal("15257.75"))  # fmt: skip
    utbetaling = fm.Tilskuddsutbetaling.objects.create(beregning=beregning, bedrift=b, antall_kontrakter=1,
                                                       belop=Decimal("15257.75"))  # fmt: skip
    return (b, g, ansvarlig, medlem, formidling, tilbud, intensjon, k, avbrudd, endring, hendelse, beregning, linje,
            utbetaling)  # fmt: skip
