"""New school year: copy the wheel one year on as a draft; deadlines off weekends and holidays, with the why."""

import datetime

import pytest
from django.urls import reverse

from arshjul import services
from arshjul.models import Hendelse
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def kopi(fylke, linje: int) -> Hendelse:
    return Hendelse.objects.get(fylke=fylke, skolear_id="2018-2019", linje_fra=linje)


def test_kopi_flytter_frister_fra_helg_og_helligdag(arshjul_2017, brukere):
    a = arshjul_2017
    ut = services.kopier_til_neste_ar(a, "2017-2018", brukere["A"][Rolle.FYLKESADMIN])
    assert (ut.til_skolear, ut.opprettet, ut.fantes) == ("2018-2019", 105, 0)
    assert ut.flyttet == 25
    kopier = Hendelse.objects.filter(fylke=a, skolear_id="2018-2019")
    assert kopier.count() == 105 and not kopier.filter(utkast=False).exists()

    lordag = kopi(a, 31)  # 29.09.2017 -> 29.09.2018 is a Saturday -> Monday 1 October
    assert lordag.start == datetime.date(2018, 10, 1) == lordag.slutt
    assert lordag.merknad == "29. september 2018 er lørdag – flyttet til mandag 1. oktober"
    assert lordag.datotekst == "01.okt" and lordag.jobbkoder == {"5A019": "Oppdater rett",
                                                                  "9A004": "Lokal SSB-statistikk", "1L010": "Elevdata ssbResultat og ssbResultatfag"}  # fmt: skip
    sondag = kopi(a, 116)  # 30.06.2018 -> Sunday 30.06.2019 -> Monday 1 July
    assert sondag.start == datetime.date(2019, 7, 1) and "søndag" in sondag.merknad
    paske = kopi(a, 103)  # 18.04.2018 -> 18.04.2019 is Maundy Thursday -> after Easter, Tuesday 23 April
    assert paske.start == datetime.date(2019, 4, 23)
    assert paske.merknad == "18. april 2019 er skjærtorsdag – flyttet til tirsdag 23. april"
    virkedag = kopi(a, 92)  # 01.03.2018 -> Friday 01.03.2019: no move, no note
    assert virkedag.start == datetime.date(2019, 3, 1) and virkedag.merknad == ""
    periode = kopi(a, 112)
    assert (periode.start, periode.slutt) == (datetime.date(2019, 6, 18), datetime.date(2019, 6, 20))
    gjentakende = kopi(a, 134)
    assert gjentakende.start == datetime.date(2018, 9, 1) and gjentakende.rrule == "FREQ=MONTHLY;COUNT=12"


def test_kopi_to_ganger_lager_ingen_duplikater_og_beholder_manuell_kategori(arshjul_2017, brukere):
    a = arshjul_2017
    admin = brukere["A"][Rolle.FYLKESADMIN]
    services.overstyr_kategori(
        Hendelse.objects.get(fylke=a, skolear_id="2017-2018", linje_fra=92), "vilbli", admin
    )
    services.kopier_til_neste_ar(a, "2017-2018", admin)
    ut = services.kopier_til_neste_ar(a, "2017-2018", admin)
    assert (ut.opprettet, ut.fantes) == (0, 105)
    assert Hendelse.objects.filter(skolear_id="2018-2019").count() == 105
    h = kopi(a, 92)
    assert (h.kategori, h.kategori_overstyrt) == ("vilbli", True)


def test_ferieuker_beholder_ukenummer(arshjul_2022, brukere):
    services.kopier_til_neste_ar(arshjul_2022, "2022-2023", None)
    hostferie = Hendelse.objects.get(skolear_id="2023-2024", linje_fra=363)
    assert hostferie.uker == [40] and hostferie.type == "ferie"
    assert (hostferie.start, hostferie.slutt) == (datetime.date(2023, 10, 2), datetime.date(2023, 10, 8))


def test_saksbehandler_kopierer_og_publiserer_utkastet(arshjul_2017, brukere, client):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    svar = client.post(reverse("arshjul:kopier", args=["2017-2018"]))
    assert svar.status_code == 302 and svar["Location"] == reverse("arshjul:liste", args=["2018-2019"])
    side = client.get(reverse("arshjul:liste", args=["2018-2019"])).content.decode()
    assert "105 hendelser er utkast som ikke er publisert." in side
    assert "Flyttet: 29. september 2018 er lørdag – flyttet til mandag 1. oktober" in side
    client.post(reverse("arshjul:publiser", args=["2018-2019"]))
    assert not Hendelse.objects.filter(utkast=True).exists()


def test_lesebruker_kan_ikke_kopiere_eller_publisere(arshjul_2017, brukere, client):
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.post(reverse("arshjul:kopier", args=["2017-2018"])).status_code == 403
    assert client.post(reverse("arshjul:publiser", args=["2017-2018"])).status_code == 403
