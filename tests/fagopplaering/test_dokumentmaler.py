"""Fagopplæringens document types (fagopplaering/dokumenttyper.py): every type renders its sample context to a PDF
with the candidate, the lærefag and the result; the vitnemål carries «Bestått fagopplæring» (VMM31); the result
letter shows the klage deadline and instans only for ikke bestått; a county's published body wins over the
built-in one (docs/fagopplaering/domene.md §5–§7)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission

from fagopplaering import dokumenttyper
from vigo import dokumentmal as register
from vigo.dokumentmal import services
from vigo.dokumentmal.gjengi import gjengi_html, lag_pdf, til_pdf
from vigo.dokumentmal.selectors import aktiv_mal
from vigo.models import Bruker, Rolle

KODER = [
    "fagbrev",
    "svennebrev",
    "kompetansebrev",
    "praksisbrev",
    "kompetansebevis",
    "vitnemal",
    "resultatbrev",
    "oppnevningsbrev",
]
HODE = {"navn": "Trøndelag fylkeskommune", "adresse": "Postboks 2560\n7735 Steinkjer"}


@pytest.fixture(autouse=True)
def typer():
    dokumenttyper.registrer_typer()  # the lead wires this into FagopplaeringConfig.ready; harmless twice


def _tekst(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)


def _pdf(fylke, kode: str, kontekst: dict) -> tuple[str, bytes]:
    pdf = til_pdf(gjengi_html(aktiv_mal(fylke, kode), [kontekst], hode=HODE, logo=""))
    return _tekst(pdf), pdf


def test_alle_typene_er_registrert_med_riktig_format_og_brevhode():
    typer = {t.kode: t for t in register.typer()}
    assert set(KODER) <= set(typer)
    for kode in ("fagbrev", "svennebrev", "kompetansebrev", "praksisbrev"):
        assert (typer[kode].format, typer[kode].brevhode) == ("A3L", False)
    for kode in ("kompetansebevis", "vitnemal"):
        assert (typer[kode].format, typer[kode].brevhode) == ("A4", False)
    for kode in ("resultatbrev", "oppnevningsbrev"):
        assert (typer[kode].format, typer[kode].brevhode) == ("A4", True)
    for t in typer.values():
        if t.kode in KODER:
            assert t.standardmal.strip() and t.variabler
            assert set(t.eksempel()) >= {
                "fylke",
                "dato",
                "sted",
                "underskriver",
                "kandidat",
                "laerefag",
                "prove",
            }


@pytest.mark.django_db
@pytest.mark.parametrize("kode", KODER)
def test_hver_type_gir_pdf_av_eksempelet(kode, kodeverk):
    from pypdf import PdfReader

    k = register.hent(kode).eksempel()
    tekst, pdf = _pdf(kodeverk["A"], kode, k)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    if kode == "oppnevningsbrev":
        assert k["medlem"]["navn"] in tekst and k["nemnd"]["navn"] in tekst and "31. desember 2027" in tekst
        assert "Trøndelag fylkeskommune" in tekst
        return
    assert k["kandidat"]["navn"] in tekst
    assert k["laerefag"]["navn"] in tekst
    if kode in ("kompetansebevis", "vitnemal"):
        assert k["vgdoknr"] in tekst and k["prove"]["resultat"] in tekst  # the result is the fag's grade
        assert "Postboks 2560" not in tekst  # no letterhead: issued by the county
    else:
        assert k["prove"]["resultat_navn"] in tekst
        assert "14. mars 2006" in tekst or kode == "resultatbrev"
    if kode in ("fagbrev", "svennebrev", "kompetansebrev", "praksisbrev"):
        assert "bare gyldig sammen med" in tekst and "Postboks 2560" not in tekst
    if kode == "resultatbrev":
        assert "Postboks 2560" in tekst  # a letter has the letterhead


@pytest.mark.django_db
def test_vitnemal_viser_bestatt_fagopplaering(kodeverk):
    tekst, _ = _pdf(kodeverk["A"], "vitnemal", dokumenttyper.eksempel_vitnemal())
    assert "Vitnemål" in tekst and "Bestått fagopplæring 12.06.2026" in tekst
    assert "ELELE3----" in tekst and "2026" in tekst and "2 026" not in tekst


@pytest.mark.django_db
def test_resultatbrev_viser_klage_bare_ved_ikke_bestatt(kodeverk):
    k = dokumenttyper.eksempel_resultatbrev()
    tekst, _ = _pdf(kodeverk["A"], "resultatbrev", k)
    assert (
        "Ikke bestått" in tekst
        and "3. juli 2026" in tekst
        and "Klagenemnda for fag- og svenneprøver" in tekst
    )
    assert "Planleggingen og dokumentasjonen" in tekst  # the tilleggsprotokoll's justification
    k["prove"].update(resultat="B", resultat_navn="Bestått", begrunnelse="")
    k["klage"] = None
    tekst, _ = _pdf(kodeverk["A"], "resultatbrev", k)
    assert "Bestått" in tekst and "klage" not in tekst.lower() and "3. juli 2026" not in tekst


@pytest.mark.django_db
def test_fylkets_publiserte_tekst_vinner_over_standarden(kodeverk, brukere):
    a = kodeverk["A"]
    gruppe = Group.objects.get(name=Rolle.FYLKESADMIN)
    gruppe.permissions.add(
        *Permission.objects.filter(content_type__app_label="vigo", codename__endswith="_dokumentmal")
    )
    fa = Bruker.objects.get(pk=brukere["A"][Rolle.FYLKESADMIN].pk)
    innhold = "<h1>Fagbrev fra {{ fylke.navn }}</h1><p>{{ kandidat.navn }} – {{ laerefag.navn }}: {{ prove.resultat_navn }}</p>"
    services.publiser(
        fa,
        services.lagre_utkast(
            fa,
            fylke=a,
            kode="fagbrev",
            innhold=innhold,
            navn="Vårt fagbrev",
            format="A3L",
            merknad="Egen tekst",
        ),
    )
    k = dokumenttyper.eksempel_fagbrev()
    tekst = _tekst(lag_pdf(a, "fagbrev", [k]))
    assert "Fagbrev fra Trøndelag" in tekst and "Ola Prøvesen – Elektrikerfaget: Bestått meget godt" in tekst
    assert "Dette er bevis for at" not in tekst
    # Another county still uses the built-in body.
    tekst = _tekst(lag_pdf(kodeverk["B"], "fagbrev", [k]))
    assert "Dette er bevis for at" in tekst
    assert aktiv_mal(kodeverk["B"], "fagbrev").er_standard


def test_eksemplene_har_samme_form_som_kontrakten():
    for kode in KODER:
        k = register.hent(kode).eksempel()
        assert isinstance(k["dato"], datetime.date) and isinstance(
            k["kandidat"]["fodselsdato"], datetime.date
        )
        assert set(k["prove"]) == {
            "provetype_navn",
            "fra_dato",
            "til_dato",
            "provested",
            "resultat",
            "resultat_navn",
            "forsok_nr",
            "nemnd_navn",
            "begrunnelse",
        }
        assert k["brevtype"] in "FSKB" and k["prove"]["resultat"] in ("BM", "B", "IB")
    assert dokumenttyper.eksempel_resultatbrev()["klage"]["instans_navn"]
    assert {"programomrader", "fag", "merknader"} == set(dokumenttyper.eksempel_vitnemal()["vitnemal"])
