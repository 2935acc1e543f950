"""The delivery engine's SQL path: COPY-written files (header from the declared fields, CRLF, re-encoding), extra
files (Delfil), set-based controls, the county's own column choice (felt_for) and the Python path's Delfil."""

from __future__ import annotations

import hashlib

import pytest

from kodeverk.models import Skolear
from rapporter.leveranser import definisjon as register
from rapporter.leveranser.definisjon import Delfil, Felt, Leveransedefinisjon, SqlKontroll
from rapporter.leveranser.tjenester import LeveranseNektet, kjor_leveranse, marker_sendt
from rapporter.models import Kontrollfunn, LeveranseStatus
from tests.rapporter.hjelp import csv_rader, les
from vigo.models import Rolle

pytestmark = pytest.mark.django_db

SKOLER = (
    "SELECT s.skolenummer, s.navn FROM kodeverk_skole s WHERE s.fylke_id = %(fylke)s ORDER BY s.skolenummer"
)
TALL = "SELECT s.skolenummer, n FROM kodeverk_skole s, generate_series(1, 3) n WHERE s.fylke_id = %(fylke)s ORDER BY 1, 2"


def _p(fylke, skolear):
    return {"fylke": fylke.pk}


@pytest.fixture
def skolear(db):
    return Skolear.objects.get_or_create(kode="2025-2026", defaults={"startdato": "2025-08-15",
                                         "sluttdato": "2026-06-20"})[0]  # fmt: skip


@pytest.fixture
def sql_leveranse():
    laget = []

    def _lag(**kw):
        d = Leveransedefinisjon(
            **{
                "kode": "9T901",
                "navn": "Testfil",
                "mottaker": "Test",
                "populasjon": "Skolene i fylket",
                "felt": (
                    Felt("skolenummer", "kodeverk.Skole.skolenummer"),
                    Felt("navn", "kodeverk.Skole.navn"),
                ),
                "sql": lambda f, s: (SKOLER, _p(f, s)),
                "filnavn": "test_{fylke}_{skolear}.csv",
                **kw,
            }
        )
        laget.append(d.kode)
        return register.registrer(d)

    yield _lag
    for kode in laget:
        register.avregistrer(kode)


def test_copy_skriver_overskrift_crlf_og_sha(kodeverk, skolear, sql_leveranse):
    sql_leveranse()
    lev = kjor_leveranse("9T901", kodeverk["A"], skolear)
    (fil,) = lev.filer.all()
    innhold = les(fil)
    assert innhold.count(b"\r\n") == 3 and b"\n" not in innhold.replace(b"\r\n", b"")
    assert csv_rader(fil) == [
        ["skolenummer", "navn"],
        ["50001", "Charlottenlund vgs"],
        ["50002", "Byåsen vgs"],
    ]
    assert fil.antall_poster == 2 and lev.antall_poster == 2 and lev.status == LeveranseStatus.KONTROLLERT
    assert fil.sha256 == hashlib.sha256(innhold).hexdigest() and fil.storrelse == len(innhold)
    assert fil.navn == "test_50_2025-2026.csv"


def test_copy_omkoder_til_latin1_og_erstatter_det_som_mangler(kodeverk, skolear, sql_leveranse):
    kodeverk["skole_a"].navn = "Ŋáŋ Åsen vgs"  # ŋ (Sami) is not in ISO-8859-1
    kodeverk["skole_a"].save()
    sql_leveranse(tegnsett="iso-8859-1")
    lev = kjor_leveranse("9T901", kodeverk["A"], skolear)
    (fil,) = lev.filer.all()
    assert csv_rader(fil)[1] == ["50001", "?á? Åsen vgs"]
    assert "Å".encode("iso-8859-1") in les(fil)


def test_delfil_og_sql_kontroller(kodeverk, skolear, sql_leveranse, brukere):
    sql_leveranse(
        delfiler=(
            Delfil(
                "tall",
                "Tallfil",
                (Felt("skolenummer", ""), Felt("n", "")),
                "tall_{fylke}.csv",
                sql=lambda f, s: (TALL, _p(f, s)),
            ),
        ),  # fmt: skip
        sql_kontroller=(
            SqlKontroll(
                "Byåsen",
                "FEIL",
                lambda f, s: (
                    "SELECT 'skole:' || s.id, 'Skolen ' || s.skolenummer || ' har 100 %% feil.' FROM kodeverk_skole s "
                    "WHERE s.fylke_id = %(fylke)s AND s.navn LIKE 'By%%'",
                    _p(f, s),
                ),
            ),  # fmt: skip
            SqlKontroll(
                "Alle",
                "ADVARSEL",
                lambda f, s: (
                    "SELECT 'skole:' || s.id, 'Advarsel' FROM kodeverk_skole s WHERE s.fylke_id = %(fylke)s",
                    _p(f, s),
                ),
            ),
        ),
    )
    lev = kjor_leveranse("9T901", kodeverk["A"], skolear)
    filer = {f.navn: f for f in lev.filer.all()}
    assert set(filer) == {"test_50_2025-2026.csv", "tall_50.csv"}
    assert filer["tall_50.csv"].antall_poster == 6 and lev.antall_poster == 8
    assert csv_rader(filer["tall_50.csv"])[:2] == [["skolenummer", "n"], ["50001", "1"]]
    assert lev.status == LeveranseStatus.STOPPET and lev.antall_feil == 1 and lev.antall_advarsler == 2
    assert lev.oppsummering == {"Alle": {"FEIL": 0, "ADVARSEL": 2}, "Byåsen": {"FEIL": 1, "ADVARSEL": 0}}
    feil = Kontrollfunn.objects.get(leveranse=lev, alvorlighet="FEIL")
    assert feil.post == f"skole:{kodeverk['skole_a2'].pk}" and feil.melding == "Skolen 50002 har 100 % feil."
    with pytest.raises(LeveranseNektet, match="1 feil"):
        marker_sendt(lev, brukere["A"][Rolle.INNTAK])
    # County B's run sees only its own school
    lev_b = kjor_leveranse("9T901", kodeverk["B"], skolear)
    assert lev_b.antall_feil == 0 and lev_b.filer.get(navn="tall_03.csv").antall_poster == 3


def test_feil_antall_kolonner_er_en_programfeil(kodeverk, skolear, sql_leveranse):
    sql_leveranse(felt=(Felt("skolenummer", ""),))
    with pytest.raises(ValueError, match="2 kolonner"):
        kjor_leveranse("9T901", kodeverk["A"], skolear)


def test_registrering_avviser_uklare_kilder():
    felt = (Felt("a", ""),)
    with pytest.raises(ValueError, match="enten kilde"):
        register.registrer(
            Leveransedefinisjon(kode="9T902", navn="x", mottaker="x", populasjon="x", felt=felt)
        )
    with pytest.raises(ValueError, match="delfil"):
        register.registrer(Leveransedefinisjon(
            kode="9T902", navn="x", mottaker="x", populasjon="x", felt=felt, sql=lambda f, s: ("SELECT 1", {}),
            delfiler=(Delfil("d", "d", felt, "d.csv"),)))  # fmt: skip
    assert not register.finnes("9T902")


def test_python_kilde_med_delfil_og_fylkets_egne_kolonner(kodeverk, skolear):
    def kilde(fylke, skolear):
        yield {"_post": "a:1", "a": 1, "b": 2}
        yield {"_post": "a:2", "_fil": "ekstra", "c": "x"}

    d = register.registrer(Leveransedefinisjon(
        kode="9T903", navn="Py", mottaker="x", populasjon="x", felt=(Felt("a", ""), Felt("b", "")), kilde=kilde,
        felt_for=lambda f, s: (Felt("b", ""),), filnavn="py_{fylke}.csv",
        delfiler=(Delfil("ekstra", "Ekstra", (Felt("c", ""),), "ekstra_{fylke}.csv"),)))  # fmt: skip
    try:
        lev = kjor_leveranse(d.kode, kodeverk["A"], skolear)
    finally:
        register.avregistrer(d.kode)
    filer = {f.navn: csv_rader(f) for f in lev.filer.all()}
    assert filer == {"py_50.csv": [["b"], ["2"]], "ekstra_50.csv": [["c"], ["x"]]}
    assert lev.antall_poster == 2
