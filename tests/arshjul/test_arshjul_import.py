"""Import through the command: every dated row becomes exactly one Hendelse, per month as the core counts."""

import datetime
from collections import Counter

import pytest

from arshjul import services
from arshjul.models import Hendelse
from tests.arshjul.conftest import importer

pytestmark = pytest.mark.django_db

# The numbers the core's tests pin (tests/arshjul_kjerne), counted by hand in the documents.
PER_MANED_2017 = {"2017-08": 5, "2017-09": 16, "2017-10": 16, "2017-11": 15, "2017-12": 5, "2018-01": 7,
                  "2018-02": 7, "2018-03": 8, "2018-04": 5, "2018-05": 2, "2018-06": 10, "2018-07": 7,
                  "2018-08": 2}  # fmt: skip
PER_MANED_2022 = {"2022-07": 9, "2022-08": 3, "2022-09": 16, "2022-10": 14, "2022-11": 17, "2022-12": 6,
                  "2023-01": 8, "2023-02": 10, "2023-03": 9, "2023-04": 3, "2023-06": 9, "2023-07": 11}  # fmt: skip


def per_maned(fylke, skolear: str) -> dict[str, int]:
    datoer = Hendelse.objects.filter(fylke=fylke, skolear_id=skolear).values_list("start", flat=True)
    return dict(sorted(Counter(f"{d:%Y-%m}" for d in datoer).items()))


def en(fylke, **filter) -> Hendelse:
    (h,) = Hendelse.objects.filter(fylke=fylke, **filter)
    return h


def test_import_2017_per_maned_og_utskrift(kodeverk):
    ut = importer("2017-2018")
    a = kodeverk["A"]
    assert Hendelse.objects.filter(fylke=a, skolear_id="2017-2018").count() == 105
    assert per_maned(a, "2017-2018") == PER_MANED_2017
    for maned, antall in PER_MANED_2017.items():
        assert f"  {maned}: {antall}\n" in ut
    assert "Totalt: 105" in ut and "Kunne ikke plassere: ingen" in ut
    assert "105 nye, 0 endret, 0 uendret" in ut
    assert not Hendelse.objects.filter(fylke=kodeverk["B"]).exists()  # --fylke 50 only


def test_import_2017_eksakte_hendelser(arshjul_2017):
    a = arshjul_2017
    ssb = en(a, linje_fra=31)
    assert ssb.start == datetime.date(2017, 9, 29) and ssb.datotype == "dato"
    assert ssb.hva.startswith("Elevdata ssbResultat, ssbResultatfag og ssbVoksensoker (skoleåret 2016-2017)")
    # The delivery itself is linked by its words (rapporter.apps.TEKSTKOBLINGER), after the codes in the text.
    assert ssb.jobbkoder == {"5A019": "Oppdater rett", "9A004": "Lokal SSB-statistikk",
                             "1L010": "Elevdata ssbResultat og ssbResultatfag"}  # fmt: skip
    assert (ssb.kategori, ssb.kategori_regel, ssb.type) == (
        "ssb-udir-ssbresultat-ssbelev",
        "ssb-tekst",
        "leveranse",
    )
    frist = en(a, linje_fra=92)
    assert frist.start == datetime.date(2018, 3, 1) and frist.type == "frist"
    assert frist.hva == "Søknadsfrist ordinære søkere (skole og læreplass)." and frist.jobbkoder == {}
    sensur = en(a, linje_fra=112)
    assert (sensur.datotype, sensur.start, sensur.slutt) == ("periode", datetime.date(2018, 6, 18),
                                                             datetime.date(2018, 6, 20))  # fmt: skip
    ot = en(a, linje_fra=134)
    assert ot.datotype == "gjentakende" and ot.rrule == "FREQ=MONTHLY;COUNT=12"
    assert ot.start == datetime.date(2017, 9, 1) and ot.kategori == "oppfolgingstjenesten"
    assert ot.jobbkoder == {
        "6A015": "Utlasting til OT",
        "5A018": "Utvid kvoter for rett",
        "5A019": "Oppdater rett",
    }
    assert en(a, linje_fra=130).start == datetime.date(2018, 8, 1)  # last August gets the right year


def test_import_2022_per_maned_og_eksakte_hendelser(kodeverk):
    ut = importer("2022-2023")
    a = kodeverk["A"]
    assert Hendelse.objects.filter(fylke=a, skolear_id="2022-2023").count() == 115
    assert per_maned(a, "2022-2023") == PER_MANED_2022
    assert "  2023-05: 0\n" in ut and "Totalt: 115" in ut
    anbefalt = en(a, linje_fra=8)
    assert anbefalt.start == datetime.date(2022, 7, 3) and anbefalt.type == "anbefalt_dato"
    assert anbefalt.hva == "Anbefalt dato for å stoppe overføring av sluttere fra skolene"
    assert anbefalt.jobbkoder == {"5S001": None}
    importen = en(a, linje_fra=425)
    assert importen.start == datetime.date(2022, 10, 10)
    assert importen.jobbkoder == {"6A001": "Import fra skoler", "6S002": "SAS-konsoll"}
    hostferie = en(a, linje_fra=363)
    assert (hostferie.datotype, hostferie.uker, hostferie.type) == ("uke", [40], "ferie")
    assert (hostferie.start, hostferie.slutt) == (datetime.date(2022, 10, 3), datetime.date(2022, 10, 9))
    assert en(a, linje_fra=1041).slutt == datetime.date(2023, 6, 21)
    assert Hendelse.objects.filter(fylke=a, type="ferie").count() == 5


def test_ny_import_endrer_ingenting_og_beholder_manuell_kategori(arshjul_2017, brukere):
    a = arshjul_2017
    h = en(a, linje_fra=31)
    services.overstyr_kategori(h, "lanekassen", brukere["A"]["Fylkesadministrator"])
    historikk = Hendelse.history.count()
    foer = dict(Hendelse.objects.values_list("nokkel", "endret"))

    ut = importer("2017-2018")

    assert "0 nye, 0 endret, 105 uendret, 1 med manuell kategori beholdt" in ut
    assert Hendelse.objects.count() == 105 and per_maned(a, "2017-2018") == PER_MANED_2017
    h.refresh_from_db()
    assert (h.kategori, h.kategori_overstyrt, h.kategori_regel) == ("lanekassen", True, "ssb-tekst")
    assert Hendelse.history.count() == historikk
    assert dict(Hendelse.objects.values_list("nokkel", "endret")) == foer


def test_tilbakestilt_kategori_folger_reglene_igjen(arshjul_2017, brukere):
    h = en(arshjul_2017, linje_fra=31)
    admin = brukere["A"]["Fylkesadministrator"]
    services.overstyr_kategori(h, "lanekassen", admin)
    services.tilbakestill_kategori(h, admin)
    h.refresh_from_db()
    assert (h.kategori, h.kategori_overstyrt) == ("ssb-udir-ssbresultat-ssbelev", False)


def test_uten_fylke_far_hvert_aktivt_fylke_sin_kopi(kodeverk):
    importer("2017-2018", fylke=None)
    assert Hendelse.objects.filter(fylke=kodeverk["A"]).count() == 105
    assert Hendelse.objects.filter(fylke=kodeverk["B"]).count() == 105


def test_ikke_plasserte_rader_listes(kodeverk, tmp_path):
    fil = tmp_path / "arshjul.txt"
    fil.write_text(
        "ÅRSHJUL VIGO OPPLÆRING, skoleåret 2017-2018\n\nMåned\tFra\tHva\tTil\tKommentar\nAugust 2017\t\t\t\t\n"
        "01.aug\tVIGO\tFagopplæringsfil pr 01. august.\tUdir\t\n"
        "31.feb\tVIGO\tEn dato som ikke finnes.\tUdir\t\n",
        encoding="utf-8",
    )
    import io

    from django.core.management import call_command

    ut = io.StringIO()
    call_command("importer_arshjul", str(fil), "--fylke", "50", stdout=ut)
    tekst = ut.getvalue()
    assert "Kunne ikke plassere 1 rader:" in tekst and "31.feb" in tekst
    assert Hendelse.objects.count() == 1


def test_import_som_jobb(kodeverk, brukere, django_capture_on_commit_callbacks):
    from vigo.jobber import tjenester

    admin = brukere["A"]["Fylkesadministrator"]
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("0H001", kodeverk["A"], admin, parametere={"dokument": "2022-2023"})
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["opprettet"] == 115 and kj.resultat["per_maned"]["2022-09"] == 16
    assert kj.logg.filter(tekst="2022-11: 17 hendelser").exists()
    assert Hendelse.objects.filter(fylke=kodeverk["A"], skolear_id="2022-2023").count() == 115


def test_demodata_gir_levende_hjul_for_gjeldende_skolear(kodeverk):
    import random

    from arshjul.demodata import importer_demo
    from arshjul.selectors import gjeldende_skolear

    linjer = []
    importer_demo(kodeverk["A"], random.Random(1), linjer.append)
    importer_demo(kodeverk["A"], random.Random(1), linjer.append)  # a second run adds nothing
    naa = gjeldende_skolear()
    ar = set(Hendelse.objects.filter(fylke=kodeverk["A"]).values_list("skolear_id", flat=True))
    assert {"2017-2018", "2022-2023", naa} <= ar
    assert Hendelse.objects.filter(skolear_id=naa, utkast=False).count() == 115
    assert Hendelse.objects.count() == 105 + 115 + 115
