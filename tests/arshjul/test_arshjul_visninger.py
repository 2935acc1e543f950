"""Pages: list, calendar and wheel render the county's events; another county sees none of them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from arshjul.farger import FARGER, kontrast
from arshjul.models import Hendelse
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def inntak_a(brukere, client):
    client.force_login(brukere["A"][Rolle.INNTAK])
    return client


def test_liste_per_maned_som_dokumentet(arshjul_2017, inntak_a):
    side = inntak_a.get(reverse("arshjul:liste", args=["2017-2018"])).content.decode()
    assert "105 hendelser" in side
    overskrifter = re.findall(r'<h2 id="m-(\d{4}-\d{2})">', side)
    assert overskrifter[0] == "2017-08" and overskrifter[-1] == "2018-08" and len(overskrifter) == 13
    assert "Søknadsfrist ordinære søkere (skole og læreplass)." in side


def test_filtre_kategori_aktor_mottaker_og_jobb(arshjul_2017, inntak_a):
    url = reverse("arshjul:liste", args=["2017-2018"])
    assert "2 hendelser" in inntak_a.get(url, {"kategori": "lanekassen"}).content.decode()
    n = Hendelse.objects.filter(til="OTTO").count()
    assert f"{n} hendelser" in inntak_a.get(url, {"til": "OTTO"}).content.decode()
    n = Hendelse.objects.filter(fra="Udir (WIS)").count()
    assert f"{n} hendelser" in inntak_a.get(url, {"fra": "Udir (WIS)"}).content.decode()
    n = Hendelse.objects.filter(jobbkoder__has_key="5A019").count()
    assert n > 3 and f"{n} hendelser" in inntak_a.get(url, {"jobb": "5A019"}).content.decode()


def test_hjulet_viser_hver_hendelse_som_fokuserbart_merke(arshjul_2022, inntak_a):
    side = inntak_a.get(reverse("arshjul:hjul", args=["2022-2023"])).content.decode()
    hendelser = Hendelse.objects.filter(skolear_id="2022-2023")
    merker = re.findall(r'<a href="/arshjul/hendelse/(\d+)/" class="merke', side)
    assert sorted(int(pk) for pk in merker) == sorted(hendelser.values_list("pk", flat=True))
    assert len(merker) == 115
    assert side.count('class="feriesektor"') == 5  # vacation weeks as shaded background
    assert side.count("aria-label=") >= 110
    # Month sectors from August, clockwise; the same data as a table for screen readers.
    assert side.index(">August<") < side.index(">September<") < side.index(">Juli<")
    assert "Hendelsene i hjulet som tabell" in side
    assert side.count("<tr") >= 116
    assert re.search(r'cx="-?\d+\.?\d*" cy="-?\d+\.?\d*" r="6.5"', side)  # unlocalized numbers in SVG


def test_kalender_med_ferie_som_bakgrunn(arshjul_2022, inntak_a):
    side = inntak_a.get(
        reverse("arshjul:kalender", args=["2022-2023"]), {"maned": "2022-10"}
    ).content.decode()
    assert "Oktober 2022" in side
    assert side.count(" ferie") >= 7  # week 40 shaded
    assert "Import fra skoler" in side or "10." in side
    assert reverse("arshjul:hendelse", args=[Hendelse.objects.get(linje_fra=425).pk]) in side


def test_hendelse_viser_regel_og_jobber(arshjul_2017, inntak_a):
    h = Hendelse.objects.get(linje_fra=31)
    side = inntak_a.get(reverse("arshjul:hendelse", args=[h.pk])).content.decode()
    assert "ssb-tekst" in side and "9A004" in side
    assert "planlagt kode – jobben er ikke bygget ennå" in side or "Start 5A019" in side


def test_annet_fylke_ser_ingenting(arshjul_2017, brukere, client):
    client.force_login(brukere["B"][Rolle.INNTAK])
    h = Hendelse.objects.first()
    for navn in ("liste", "kalender", "hjul", "pdf"):
        assert client.get(reverse(f"arshjul:{navn}", args=["2017-2018"])).status_code == 404
    assert client.get(reverse("arshjul:hendelse", args=[h.pk])).status_code == 404
    assert client.post(reverse("arshjul:kategori", args=[h.pk]), {"kategori": "vilbli"}).status_code in (
        403,
        404,
    )
    assert "Fylket har ikke noe årshjul ennå." in client.get(reverse("arshjul:index")).content.decode()


def test_admin_er_avgrenset_til_eget_fylke(arshjul_2017, brukere, client):
    url = reverse("admin:arshjul_hendelse_changelist")
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert "105 årshjulhendelser" in client.get(url).content.decode()
    client.force_login(brukere["B"][Rolle.FYLKESADMIN])
    assert "0 årshjulhendelser" in client.get(url).content.decode()
    h = Hendelse.objects.first()
    assert client.get(reverse("admin:arshjul_hendelse_change", args=[h.pk])).status_code == 302  # not found


def test_skolebruker_ser_fylkets_arshjul(arshjul_2017, brukere, client):
    client.force_login(brukere["A"][Rolle.SKOLE])
    assert client.get(reverse("arshjul:liste", args=["2017-2018"])).status_code == 200


def test_overstyr_kategori_i_visningen(arshjul_2017, brukere, client):
    h = Hendelse.objects.get(linje_fra=31)
    url = reverse("arshjul:kategori", args=[h.pk])
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.post(url, {"kategori": "vilbli"}).status_code == 403
    client.force_login(brukere["A"][Rolle.INNTAK])  # caseworkers may correct a category
    assert client.post(url, {"kategori": "vilbli"}).status_code == 302
    h.refresh_from_db()
    assert (h.kategori, h.kategori_overstyrt) == ("vilbli", True)
    assert h.history.first().history_user == brukere["A"][Rolle.INNTAK]


def test_admin_endring_av_kategori_er_overstyring(arshjul_2017, brukere, client):
    h = Hendelse.objects.get(linje_fra=31)
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    url = reverse("admin:arshjul_hendelse_change", args=[h.pk])
    skjema = client.get(url).context["adminform"].form
    data = {k: v for k, v in skjema.initial.items() if v is not None}
    data.update(
        {
            "fylke": h.fylke_id,
            "skolear": h.skolear_id,
            "kategori": "fpvs",
            "uker": "[]",
            "jobbkoder": '{"5A019": "Oppdater rett"}',
            "start": "2017-09-29",
            "slutt": "2017-09-29",
        }
    )
    svar = client.post(url, data)
    assert svar.status_code == 302, svar.context["adminform"].form.errors
    h.refresh_from_db()
    assert (h.kategori, h.kategori_overstyrt) == ("fpvs", True)


def test_neste_30_dager_pa_dashbordet(kodeverk, brukere, client):
    from arshjul.services import sikre_skolear

    idag = timezone.localdate()
    sikre_skolear("2025-2026")
    for fylke, hva in ((kodeverk["A"], "Frist for noe i Trøndelag"), (kodeverk["B"], "Frist i Oslo")):
        Hendelse.objects.create(fylke=fylke, skolear_id="2025-2026", nokkel=hva[:32], start=idag + datetime.timedelta(5),
                                slutt=idag + datetime.timedelta(5), hva=hva, kategori="interne-datoer")  # fmt: skip
    Hendelse.objects.create(fylke=kodeverk["A"], skolear_id="2025-2026", nokkel="langt fram",
                            start=idag + datetime.timedelta(60), slutt=idag + datetime.timedelta(60),
                            hva="Langt fram", kategori="interne-datoer")  # fmt: skip
    client.force_login(brukere["A"][Rolle.INNTAK])
    side = client.get(reverse("dashboard")).content.decode()
    assert "Neste 30 dager i årshjulet" in side and "Frist for noe i Trøndelag" in side
    assert "Frist i Oslo" not in side and "Langt fram" not in side


def test_kategorifargene_har_nok_kontrast():
    for bakgrunn, tekst in FARGER.values():
        assert kontrast(bakgrunn, tekst) >= 4.5
        assert kontrast(bakgrunn, "#ffffff") >= 3  # marks against the white page


def test_regelsiden(arshjul_2017, inntak_a):
    side = inntak_a.get(reverse("arshjul:regler")).content.decode()
    assert "fallback-interne" in side and "ferie-uke-forbehold" in side
