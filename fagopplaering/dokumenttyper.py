"""Fagopplæringens document types in the standard-document tool (``vigo.dokumentmal``).

``registrer_typer()`` is called from ``FagopplaeringConfig.ready``. The built-in bodies are the files in
``fagopplaering/dokumentmaler/<kode>.html``; a county may publish its own wording per type. The diplomas
(fag-/svennebrev, kompetansebrev, praksisbrev) are A3 landscape without letterhead and «only valid together with
vitnemål / kompetansebevis» (docs/fagopplaering/domene.md §6); vitnemål and kompetansebevis are A4 documents issued by
the county, with merknad VMM31 «Bestått fagopplæring <dato>» on a vitnemål after fagopplæring (§7); the result
letter carries the klage information when the result is ikke bestått (§5); the appointment letter goes to a
member of a prøvenemnd (§1.3).

Context contract – the services that issue documents pass exactly this shape, and the samples below have it:

    fylke {navn, nummer}; dato (issued); sted; underskriver {navn, tittel};
    kandidat {navn, fodselsdato, adresse, postnummer, poststed}; laerefag {kode, navn};
    brevtype "F"|"S"|"K"|"B"; brevtype_navn;
    prove {provetype_navn, fra_dato, til_dato, provested, resultat "BM"|"B"|"IB", resultat_navn, forsok_nr,
           nemnd_navn, begrunnelse};
    kontrakt {bedrift_navn, laeretid_fra, laeretid_til} | None; vgdoknr (VM/KB);
    vitnemal {programomrader [{kode, navn, niva, aarstall}], fag [{kode, navn, fagtype, standpunkt, eksamen, aar}],
              merknader [{kode, tekst}]} (VM/KB);
    klage {frist, instans_navn} (resultatbrev, only when IB);
    nemnd {navn, laerefag [navn…], periode_fra, periode_til}; medlem {navn, rolle_navn, representerer_navn}.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from vigo.dokumentmal import Dokumenttype, registrer

MAPPE = Path(__file__).resolve().parent / "dokumentmaler"

FELLES = {
    "fylke.navn": "Fylkets navn (for eksempel «Trøndelag»)",
    "fylke.nummer": "Fylkesnummer",
    "dato": "Datoen dokumentet er utstedt",
    "sted": "Stedet dokumentet er utstedt (utstedersted)",
    "underskriver.navn": "Navnet til den som skriver under",
    "underskriver.tittel": "Tittelen til den som skriver under",
}
KANDIDAT = {
    "kandidat.navn": "Kandidatens fulle navn",
    "kandidat.fodselsdato": "Kandidatens fødselsdato",
    "kandidat.adresse": "Kandidatens postadresse",
    "kandidat.postnummer": "Postnummer",
    "kandidat.poststed": "Poststed",
    "laerefag.kode": "Lærefagets kode (programområdekode)",
    "laerefag.navn": "Lærefagets navn",
}
PROVE = {
    "brevtype": "Brevtype: F fagbrev, S svennebrev, K kompetansebrev, B praksisbrev",
    "brevtype_navn": "Brevtypens navn (for eksempel «Fagbrev»)",
    "prove.provetype_navn": "Prøvetype (fagprøve, svenneprøve, kompetanseprøve, praksisbrevprøve)",
    "prove.fra_dato": "Første prøvedag",
    "prove.til_dato": "Siste prøvedag",
    "prove.provested": "Prøvested",
    "prove.resultat": "Resultatkode: BM, B eller IB",
    "prove.resultat_navn": "Resultatet i tekst (Bestått meget godt, Bestått, Ikke bestått)",
    "prove.forsok_nr": "Forsøk nummer (1 eller 2)",
    "prove.nemnd_navn": "Prøvenemnda som vurderte prøven",
    "prove.begrunnelse": "Begrunnelsen i tilleggsprotokollen (bare ved ikke bestått)",
    "kontrakt.bedrift_navn": "Lærebedriften (tom når kandidaten ikke har kontrakt)",
    "kontrakt.laeretid_fra": "Læretid fra",
    "kontrakt.laeretid_til": "Læretid til",
}
VITNEMAL = {
    "vgdoknr": "Dokumentnummeret i Nasjonal vitnemålsdatabase",
    "vitnemal.programomrader": "Programområdene, hver med kode, navn, niva og aarstall",
    "vitnemal.fag": "Fagene, hver med kode, navn, fagtype, standpunkt, eksamen og aar",
    "vitnemal.merknader": "Merknadene, hver med kode og tekst (VMM31 «Bestått fagopplæring …»)",
}
KLAGE = {
    "klage.frist": "Klagefristen (bare ved ikke bestått)",
    "klage.instans_navn": "Hvem som behandler klagen",
}
NEMND = {
    "nemnd.navn": "Prøvenemndas navn",
    "nemnd.laerefag": "Lærefagene nemnda vurderer (liste med navn)",
    "nemnd.periode_fra": "Oppnevningsperioden fra",
    "nemnd.periode_til": "Oppnevningsperioden til",
    "medlem.navn": "Medlemmets navn",
    "medlem.rolle_navn": "Rollen i nemnda (leder, medlem, varamedlem, koordinator)",
    "medlem.representerer_navn": "Hvem medlemmet representerer",
}


def _felles_eksempel() -> dict[str, Any]:
    """Made-up data for the preview; no real person."""
    return {
        "fylke": {"navn": "Trøndelag", "nummer": "50"},
        "dato": datetime.date(2026, 6, 12),
        "sted": "Trondheim",
        "underskriver": {"navn": "Kari Eksempel", "tittel": "Fagopplæringssjef"},
        "kandidat": {
            "navn": "Ola Prøvesen",
            "fodselsdato": datetime.date(2006, 3, 14),
            "adresse": "Eksempelveien 1",
            "postnummer": "7010",
            "poststed": "Trondheim",
        },
        "laerefag": {"kode": "ELELE3----", "navn": "Elektrikerfaget"},
        "brevtype": "F",
        "brevtype_navn": "Fagbrev",
        "prove": {
            "provetype_navn": "Fagprøve",
            "fra_dato": datetime.date(2026, 6, 8),
            "til_dato": datetime.date(2026, 6, 10),
            "provested": "Eksempel Elektro AS",
            "resultat": "BM",
            "resultat_navn": "Bestått meget godt",
            "forsok_nr": 1,
            "nemnd_navn": "Prøvenemnda for elektrikerfaget",
            "begrunnelse": "",
        },
        "kontrakt": {
            "bedrift_navn": "Eksempel Elektro AS",
            "laeretid_fra": datetime.date(2024, 6, 15),
            "laeretid_til": datetime.date(2026, 6, 14),
        },
        "vgdoknr": None,
        "vitnemal": None,
        "klage": None,
        "nemnd": None,
        "medlem": None,
    }


def eksempel_fagbrev() -> dict[str, Any]:
    return _felles_eksempel()


def eksempel_svennebrev() -> dict[str, Any]:
    k = _felles_eksempel()
    k.update(brevtype="S", brevtype_navn="Svennebrev", laerefag={"kode": "BATMF3----", "navn": "Tømrerfaget"})
    k["prove"].update(
        provetype_navn="Svenneprøve",
        resultat="B",
        resultat_navn="Bestått",
        provested="Eksempel Bygg AS",
        nemnd_navn="Prøvenemnda for tømrerfaget",
    )
    k["kontrakt"]["bedrift_navn"] = "Eksempel Bygg AS"
    return k


def eksempel_kompetansebrev() -> dict[str, Any]:
    k = _felles_eksempel()
    k.update(
        brevtype="K", brevtype_navn="Kompetansebrev", laerefag={"kode": "RMRMF3----", "navn": "Kokkfaget"}
    )
    k["prove"].update(
        provetype_navn="Kompetanseprøve",
        resultat="B",
        resultat_navn="Bestått",
        provested="Eksempel Kjøkken AS",
        nemnd_navn="Prøvenemnda for kokkfaget",
    )
    k["kontrakt"]["bedrift_navn"] = "Eksempel Kjøkken AS"
    return k


def eksempel_praksisbrev() -> dict[str, Any]:
    k = _felles_eksempel()
    k.update(brevtype="B", brevtype_navn="Praksisbrev", laerefag={"kode": "SRSAL3----", "navn": "Salgsfaget"})
    k["prove"].update(
        provetype_navn="Praksisbrevprøve",
        resultat="B",
        resultat_navn="Bestått",
        provested="Eksempel Handel AS",
        nemnd_navn="Prøvenemnda for salgsfaget",
    )
    k["kontrakt"]["bedrift_navn"] = "Eksempel Handel AS"
    return k


def _vitnemal_data(bestatt: str) -> dict[str, Any]:
    return {
        "programomrader": [
            {"kode": "ELELF1----", "navn": "Elektro og datateknologi", "niva": "VG1", "aarstall": 2022},
            {"kode": "ELELE2----", "navn": "Elenergi og ekom", "niva": "VG2", "aarstall": 2023},
            {"kode": "ELELE3----", "navn": "Elektrikerfaget", "niva": "VG3", "aarstall": 2026},
        ],
        "fag": [
            {
                "kode": "NOR1267",
                "navn": "Norsk",
                "fagtype": "FF",
                "standpunkt": "4",
                "eksamen": "",
                "aar": 2023,
            },
            {
                "kode": "MAT1120",
                "navn": "Matematikk 1P-Y",
                "fagtype": "FF",
                "standpunkt": "3",
                "eksamen": "",
                "aar": 2022,
            },
            {
                "kode": "ELE3001",
                "navn": "Fagprøve i elektrikerfaget",
                "fagtype": "FP",
                "standpunkt": "",
                "eksamen": bestatt,
                "aar": 2026,
            },
        ],
        "merknader": [],
    }


def eksempel_vitnemal() -> dict[str, Any]:
    k = _felles_eksempel()
    k["vgdoknr"] = "V97400000020260001"
    k["vitnemal"] = _vitnemal_data("BM")
    k["vitnemal"]["merknader"] = [{"kode": "VMM31", "tekst": "Bestått fagopplæring 12.06.2026"}]
    return k


def eksempel_kompetansebevis() -> dict[str, Any]:
    k = _felles_eksempel()
    k["prove"].update(resultat="IB", resultat_navn="Ikke bestått")
    k["vgdoknr"] = "K97400000020260002"
    k["vitnemal"] = _vitnemal_data("IB")
    return k


def eksempel_resultatbrev() -> dict[str, Any]:
    """Ikke bestått, so the preview shows every part of the letter (justification and klage)."""
    k = _felles_eksempel()
    k["prove"].update(
        resultat="IB",
        resultat_navn="Ikke bestått",
        begrunnelse="Planleggingen og dokumentasjonen av arbeidet holdt ikke kravene i læreplanen.",
    )
    k["klage"] = {"frist": datetime.date(2026, 7, 3), "instans_navn": "Klagenemnda for fag- og svenneprøver"}
    return k


def eksempel_oppnevningsbrev() -> dict[str, Any]:
    k = _felles_eksempel()
    k["nemnd"] = {
        "navn": "Prøvenemnda for elektrikerfaget",
        "laerefag": ["Elektrikerfaget", "Energimontørfaget"],
        "periode_fra": datetime.date(2024, 1, 1),
        "periode_til": datetime.date(2027, 12, 31),
    }
    k["medlem"] = {"navn": "Per Nemndsen", "rolle_navn": "Leder", "representerer_navn": "arbeidsgiversiden"}
    return k


def _mal(kode: str) -> str:
    return (MAPPE / f"{kode}.html").read_text(encoding="utf-8")


def typer() -> list[Dokumenttype]:
    diplom = {**FELLES, **KANDIDAT, **PROVE}
    brev = [
        (
            "fagbrev",
            "Fagbrev",
            eksempel_fagbrev,
            "Bevis for bestått fagprøve; gyldig sammen med vitnemål eller kompetansebevis.",
        ),
        ("svennebrev", "Svennebrev", eksempel_svennebrev, "Bevis for bestått svenneprøve i et håndverksfag."),
        (
            "kompetansebrev",
            "Kompetansebrev",
            eksempel_kompetansebrev,
            "Bevis for kompetanseprøve (lærekandidat).",
        ),
        ("praksisbrev", "Praksisbrev", eksempel_praksisbrev, "Bevis for bestått praksisbrevprøve."),
    ]
    ut = [
        Dokumenttype(
            kode=kode,
            navn=navn,
            format="A3L",
            variabler=diplom,
            standardmal=_mal(kode),
            eksempel=eks,
            brevhode=False,
            beskrivelse=beskr,
            omrade="fagopplaering",
        )
        for kode, navn, eks, beskr in brev
    ]
    ut += [
        Dokumenttype(
            kode="kompetansebevis",
            navn="Kompetansebevis",
            format="A4",
            variabler={**FELLES, **KANDIDAT, **VITNEMAL},
            standardmal=_mal("kompetansebevis"),
            eksempel=eksempel_kompetansebevis,
            brevhode=False,
            omrade="fagopplaering",
            beskrivelse="Utstedes av fylkeskommunen når kandidaten ikke får vitnemål.",
        ),
        Dokumenttype(
            kode="vitnemal",
            navn="Vitnemål etter fagopplæring",
            format="A4",
            variabler={**FELLES, **KANDIDAT, **VITNEMAL},
            standardmal=_mal("vitnemal"),
            eksempel=eksempel_vitnemal,
            brevhode=False,
            omrade="fagopplaering",
            beskrivelse="Utstedes av fylkeskommunen etter bestått fag-/svenneprøve og fullført læretid.",
        ),
        Dokumenttype(
            kode="resultatbrev",
            navn="Resultatbrev for prøve",
            format="A4",
            variabler={**FELLES, **KANDIDAT, **PROVE, **KLAGE},
            standardmal=_mal("resultatbrev"),
            eksempel=eksempel_resultatbrev,
            brevhode=True,
            omrade="fagopplaering",
            beskrivelse="Brev med resultatet; ved ikke bestått med begrunnelse og klageadgang.",
        ),
        Dokumenttype(
            kode="oppnevningsbrev",
            navn="Oppnevningsbrev til prøvenemnd",
            format="A4",
            variabler={**FELLES, **NEMND},
            standardmal=_mal("oppnevningsbrev"),
            eksempel=eksempel_oppnevningsbrev,
            brevhode=True,
            omrade="fagopplaering",
            beskrivelse="Brev til et medlem som oppnevnes i en prøvenemnd.",
        ),
    ]
    return ut


def registrer_typer() -> None:
    """Register fagopplæringens document types (called from ``FagopplaeringConfig.ready``; repeating is harmless)."""
    for dt in typer():
        registrer(dt)
