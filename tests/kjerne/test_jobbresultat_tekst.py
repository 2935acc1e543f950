"""A job run reads as a summary: parameters by their form labels with names as values, the duration in words,
and the result by the labels the job type declares (``resultat_tekst``) – never ``skolear = 11`` or
``Varighet: 0:00:23.566896``."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from kodeverk.models import Skolear
from vigo import jobber
from vigo.jobber import visning
from vigo.models import Kjoring, Rolle

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("sekunder", "tekst"),
    [
        (0.4, "under 1 sekund"),
        (1, "1 sekund"),
        (23.566896, "23 sekunder"),
        (60, "1 min"),
        (125.9, "2 min 5 s"),
        (3 * 3600 + 4 * 60 + 9, "3 t 4 min"),
        (7200, "2 t"),
    ],
)
def test_varighet_i_ord(sekunder, tekst):
    assert visning.varighet_tekst(datetime.timedelta(seconds=sekunder)) == tekst
    assert visning.varighet_tekst(sekunder) == tekst
    assert visning.varighet_tekst(None) == "–"


def test_ukjent_nokkel_blir_lesbar_og_bool_blir_ja_nei():
    linjer = visning.resultat_linjer("9X999", {"uten_plass": 3, "publisert": True, "koder": ["A", "B"]})
    assert [(linje.etikett, linje.verdi) for linje in linjer] == [
        ("Uten plass", 3),
        ("Publisert", "Ja"),
        ("Koder", "A, B"),
    ]


def test_feil_form_i_resultat_tekst_stoppes_ved_registrering():
    with pytest.raises(ImproperlyConfigured, match="ukjent form"):
        jobber.jobbtype(
            "9T950", "Feil", tillatelse="vigo.add_kjoring", resultat_tekst={"x": ("X", "finnes_ikke")}
        )
    assert not jobber.finnes("9T950")


def test_resultatet_vises_i_rekkefolgen_jobben_erklaerer():
    """The result comes back from jsonb with its keys ordered by length; the labels keep the declared order."""
    jobber.jobbtype("9T951", "Rekkefølge", tillatelse="vigo.add_kjoring",
                    resultat_tekst={"skolear": "Skoleår", "elevkurs_opprettet": "Opprettet", "til_ot": "Til OT"})(
        lambda ktx: {}
    )  # fmt: skip
    try:
        linjer = visning.resultat_linjer("9T951", {"til_ot": 1, "ukjent": 2, "skolear": "2026-2027",
                                                   "elevkurs_opprettet": 3})  # fmt: skip
        assert [linje.etikett for linje in linjer] == ["Skoleår", "Opprettet", "Til OT", "Ukjent"]
    finally:
        jobber.avregistrer("9T951")


def test_inntaksjobbene_erklaerer_resultattekst():
    for kode in ("1I001", "1I002", "1I003", "1P001", "1A001"):
        assert jobber.hent(kode).resultat_tekst, kode


@pytest.fixture
def skolear(db):
    return Skolear.objects.create(
        kode="2027-2028", startdato=datetime.date(2027, 8, 1), sluttdato=datetime.date(2028, 7, 31)
    )


def _kjoring(bruker, kode, parametere, resultat, sekunder=23.566896):
    start = datetime.datetime(2026, 7, 3, 12, 0, tzinfo=datetime.UTC)
    return Kjoring.objects.create(
        kode=kode,
        navn=jobber.hent(kode).navn,
        fylke=bruker.fylke,
        startet_av=bruker,
        startet_av_tekst=bruker.username,
        status="ferdig",
        parametere=parametere,
        resultat=resultat,
        startet=start,
        avsluttet=start + datetime.timedelta(seconds=sekunder),
    )


@pytest.mark.django_db
def test_poengjobben_leses_som_sammendrag(client, brukere, skolear):
    bruker = brukere["A"][Rolle.INNTAK]
    kj = _kjoring(
        bruker,
        "1P001",
        {"skolear": skolear.pk, "niva": "VG1", "avrunding": ""},
        {"soknader": 17318, "individuell_behandling": 12, "regelsett": "2027-2028", "avrunding": "A",
         "sekunder": 125.9},
    )  # fmt: skip
    client.force_login(bruker)
    html = client.get(f"/kjoringer/{kj.pk}/").content.decode()
    assert "<dt>Skoleår</dt><dd>2027-2028</dd>" in html
    assert "<dt>Nivå</dt><dd>Vg1</dd>" in html
    assert "<dt>Avrunding</dt><dd>Regelsettets standard (A)</dd>" in html
    assert "Varighet: 23 sekunder" in html
    assert f"<dt>Søknader beregnet</dt><dd>17{NBSP}318</dd>" in html
    assert "<dt>Beregningstid</dt><dd>2 min 5 s</dd>" in html
    for teknisk in ("skolear =", "0:00:23", "individuell_behandling", "sekunder</dt>", f"= {skolear.pk}"):
        assert teknisk not in html, teknisk
    # The htmx fragment that replaces the progress part says the same.
    fragment = client.get(f"/kjoringer/{kj.pk}/fremdrift/").content.decode()
    assert "Varighet: 23 sekunder" in fragment and "<dt>Søknader beregnet</dt>" in fragment


@pytest.mark.django_db
def test_inntaksjobben_viser_ja_nei_og_lenke_til_inntakskjoringen(client, brukere, skolear):
    bruker = brukere["A"][Rolle.INNTAK]
    kj = _kjoring(
        bruker,
        "1I001",
        {"skolear": skolear.pk, "niva": "VG1", "runde": 1, "simulering": True, "kapasitet": "", "navn": ""},
        {"inntakskjoring": 4321, "sokere": 20000, "tildelt": 19500, "onske1": 15000, "uten_plass": 500,
         "brudd": 0, "klar_til_publisering": False, "seed": "123456789"},
        sekunder=3 * 60 + 2,
    )  # fmt: skip
    client.force_login(bruker)
    html = client.get(f"/kjoringer/{kj.pk}/").content.decode()
    assert "<dd>Ja</dd>" in html  # Prøveinntak
    assert "<dt>Runde</dt><dd>1</dd>" in html
    assert "<dt>Merknad</dt>" not in html  # empty optional parameters are left out
    assert '<dt>Inntakskjøring</dt><dd><a href="/inntak/inntakskjoring/4321/">nr. 4321</a></dd>' in html
    assert f"<dt>Søkere</dt><dd>20{NBSP}000</dd>" in html
    assert "<dt>Fikk førsteønsket</dt>" in html and "<dt>Uten plass</dt><dd>500</dd>" in html
    assert "<dt>Klar til publisering</dt><dd>Nei</dd>" in html
    assert "<dt>Loddtrekningsnummer</dt><dd>123456789</dd>" in html
    assert "Varighet: 3 min 2 s" in html
    assert "onske1" not in html and "uten_plass" not in html
