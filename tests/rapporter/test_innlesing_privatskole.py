"""Private-school data from Udir (job 6I020): a private school's file goes through the SAS import; a line for a
public school refuses the whole file with each such line named and nothing written; the source is logged; roles."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import rapporter.innlesing.jobber  # noqa: F401  (registers 6I020 until RapporterConfig.ready imports it)
from inntak.elev.models import Elevforhold, Elevimport
from inntak.elev.sas import lag_testfil
from rapporter.innlesing.privatskole import importer_privatskolefil
from rapporter.models import Privatskoleimport
from tests.elev.test_sas_import import SKOLEAR, lag_sas_kodeverk
from vigo import jobber
from vigo.models import Kjoring, KjoringFil, Person, Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def kv(kodeverk):
    """The SAS code lists, with skole A2 (50002) a private school; skole A (50001) stays public."""
    kv = lag_sas_kodeverk(kodeverk)
    kv["skole_a2"].privat = True
    kv["skole_a2"].skoleeiertype = 4
    kv["skole_a2"].save()
    return kv


def _fil(skolenr="50002", antall=4) -> bytes:
    return "".join(lag_testfil(antall, 3, seed=5, skolear=SKOLEAR, andel_fiktive=0, skolenr=skolenr)).encode()


def _blandet() -> tuple[bytes, list[int]]:
    """A file for the private school with one pupil moved to the public school: the lines that name 50001."""
    linjer = _fil().decode().splitlines(keepends=True)
    tof = linjer[0].split(";")
    tof[5] = ""  # the file no longer says it is for one school
    linjer[0] = ";".join(tof)
    offentlige = []
    for nr in range(1, len(linjer)):
        if linjer[nr].startswith("$EL") and offentlige:
            break
        if linjer[nr].startswith("$EL") and nr > 1:
            offentlige.append(-1)  # the second pupil's block starts here
            continue
        if offentlige and linjer[nr][:3] in ("$EK", "$KL", "$VM"):
            linjer[nr] = linjer[nr].replace(";50002;", ";50001;", 1)
            offentlige.append(nr + 1)
    return "".join(linjer).encode(), [n for n in offentlige if n > 0]


def test_privatskolefil_importeres_med_sas_importen_og_kilden_logges(kv, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    res = importer_privatskolefil(bruker, io.BytesIO(_fil()), fylke=kv["A"], filnavn="wis.txt")
    assert res.ok and res.skoler == ["50002"]
    assert Elevforhold.objects.filter(skole=kv["skole_a2"]).count() == 4 and Elevforhold.objects.count() == 4
    logg = Privatskoleimport.objects.get()
    assert logg.kilde == "udir" and logg.status == "importert" and logg.importert_av == bruker
    assert logg.elevimport == Elevimport.objects.get() and logg.sha256 == logg.elevimport.sha256
    assert logg.antall["privatskoler"] == ["50002"] and logg.antall["elevkurs"]["ny"] == 4


def test_linje_for_offentlig_skole_avviser_hele_filen_og_navngir_linjene(kv, brukere):
    innhold, offentlige = _blandet()
    assert len(offentlige) >= 2
    res = importer_privatskolefil(
        brukere["A"][Rolle.INNTAK], io.BytesIO(innhold), fylke=kv["A"], filnavn="b.txt"
    )
    assert not res.ok and res.sas is None  # refused before the SAS import ran
    assert [f["linje"] for f in res.feil] == offentlige and res.antall_feil == len(offentlige)
    assert all("50001" in f["melding"] and "ikke en privatskole" in f["melding"] for f in res.feil)
    assert (
        Elevforhold.objects.count() == 0 and Person.objects.count() == 0 and not Elevimport.objects.exists()
    )
    logg = Privatskoleimport.objects.get()
    assert logg.status == "avvist" and logg.antall["offentlige_linjer"] == len(offentlige)
    rapport = res.rapport_csv.decode("utf-8-sig")
    assert f"{offentlige[0]};$EK;skolenr;50001;ikke_privatskole;" in rapport


def test_bare_fylkesbrukere_med_rett(kv, brukere):
    for bruker in (brukere["A"][Rolle.SKOLE], brukere["A"][Rolle.LESE], brukere["B"][Rolle.INNTAK]):
        with pytest.raises(PermissionDenied):
            importer_privatskolefil(bruker, io.BytesIO(_fil()), fylke=kv["A"], filnavn="x.txt")
    assert not Privatskoleimport.objects.exists()


def test_jobben_6I020_fra_siden(kv, brukere, django_capture_on_commit_callbacks):
    assert jobber.hent("6I020").navn == "Import av privatskoledata fra Udir"
    c = Client()
    c.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("rapporter:privatskoleimport")
    assert c.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        svar = c.post(url, {"fil": SimpleUploadedFile("wis.txt", _fil())})
    kj = Kjoring.objects.get(kode="6I020")
    assert svar.status_code == 302 and kj.status == "ferdig", kj.feil
    assert kj.resultat["privatskoler"] == ["50002"] and kj.resultat["elevkurs"]["ny"] == 4
    assert Privatskoleimport.objects.get().kjoring == kj
    assert "wis.txt" in c.get(url).content.decode()
    # A file with a public school's lines: the run fails with the error report, nothing imported.
    innhold, offentlige = _blandet()
    with django_capture_on_commit_callbacks(execute=True):
        c.post(url, {"fil": SimpleUploadedFile("blandet.txt", innhold)})
    kj2 = Kjoring.objects.filter(kode="6I020").latest("pk")
    assert kj2.status == "feilet" and "ingenting er lagret" in kj2.melding
    assert "ikke_privatskole" in KjoringFil.objects.get(kjoring=kj2).fil.read().decode("utf-8-sig")
    assert Elevforhold.objects.count() == 4


def test_siden_nekter_skolebruker_og_lesebruker(kv, brukere):
    url = reverse("rapporter:privatskoleimport")
    for rolle in (Rolle.SKOLE, Rolle.LESE):
        c = Client()
        c.force_login(brukere["A"][rolle])
        assert c.get(url).status_code == 403
