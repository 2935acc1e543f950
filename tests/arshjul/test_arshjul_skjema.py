"""Forms and admin: upload import (job 0H001), responsibility, manual status, feed renewal and admin pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arshjul import services
from arshjul.kjerne.kilder import innebygd_sti
from arshjul.models import Hendelse, Rutine
from vigo.models import Kjoring, Rolle

pytestmark = pytest.mark.django_db


def test_opplasting_starter_importjobben(kodeverk, brukere, client, django_capture_on_commit_callbacks):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    fil = SimpleUploadedFile("arshjul.txt", innebygd_sti("2017-2018").read_bytes(), "text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(reverse("arshjul:importer"), {"fil": fil, "skolear": "2017-2018"})
    kj = Kjoring.objects.get(kode="0H001")
    assert svar.status_code == 302 and svar["Location"] == reverse("kjoring_detalj", args=[kj.pk])
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["opprettet"] == 105 and kj.parametere["filnavn"] == "arshjul.txt"
    assert Hendelse.objects.filter(fylke=kodeverk["A"]).count() == 105
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.get(reverse("arshjul:importer")).status_code == 403


def test_ansvarlig_og_status(arshjul_2017, brukere, client):
    h = Hendelse.objects.get(linje_fra=92)
    admin = brukere["A"][Rolle.FYLKESADMIN]
    client.force_login(admin)
    inntak = brukere["A"][Rolle.INNTAK]
    client.post(reverse("arshjul:ansvar", args=[h.pk]), {"ansvarlig": inntak.pk, "paminnelse_dager": 7})
    client.post(reverse("arshjul:status", args=[h.pk]), {"status": "utfort"})
    h.refresh_from_db()
    assert (h.ansvarlig, h.paminnelse_dager, h.status) == (inntak, 7, "utfort")
    oslo = brukere["B"][Rolle.INNTAK]  # a user from another county is not a valid choice
    client.post(reverse("arshjul:ansvar", args=[h.pk]), {"ansvarlig": oslo.pk, "paminnelse_dager": 3})
    h.refresh_from_db()
    assert h.ansvarlig == inntak
    with pytest.raises(services.ArshjulFeil):
        services.sett_ansvar(h, oslo, 1, admin)
    side = client.get(reverse("arshjul:hendelse", args=[h.pk])).content.decode()
    assert "påminnelse 7 dager før" in side and "Endringslogg" in side


def test_bare_administrator_kan_fornye_kalenderadresse(arshjul_2017, brukere, client):
    gammel = services.feed_for(arshjul_2017).token
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.post(reverse("arshjul:abonnement")).status_code == 403
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    assert client.post(reverse("arshjul:abonnement")).status_code == 302
    assert services.feed_for(arshjul_2017).token != gammel


def test_adminsidene(arshjul_2017, brukere, client):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    h = Hendelse.objects.first()
    services.feed_for(arshjul_2017)
    for url in (
        reverse("admin:arshjul_hendelse_changelist"),
        reverse("admin:arshjul_hendelse_change", args=[h.pk]),
        reverse("admin:arshjul_hendelse_history", args=[h.pk]),
        reverse("admin:arshjul_kalenderfeed_changelist"),
        reverse("admin:arshjul_rutine_changelist"),
        reverse("admin:arshjul_rutine_change", args=[Rutine.objects.first().pk]),
        reverse("admin:arshjul_planlagtkjoring_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    # Routines are national: a county administrator may look, not change.
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    rutine = Rutine.objects.first()
    url = reverse("admin:arshjul_rutine_change", args=[rutine.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"navn": "Endret"}).status_code == 403


def test_opplasting_av_feil_fil_avvises_med_en_gang(kodeverk, brukere, client):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    fil = SimpleUploadedFile("tull.txt", "Dette er ikke et årshjul.\n".encode(), "text/plain")
    svar = client.post(reverse("arshjul:importer"), {"fil": fil})
    assert svar.status_code == 200 and "Fant ikke skoleåret i dokumentet" in svar.content.decode()
    fil = SimpleUploadedFile("tull.txt", "Dette er ikke et årshjul.\n".encode(), "text/plain")
    svar = client.post(reverse("arshjul:importer"), {"fil": fil, "skolear": "2017-2018"})
    assert svar.status_code == 200 and "Fant ingen daterte rader" in svar.content.decode()
    assert not Kjoring.objects.exists()


def test_importjobben_fra_kjoringssiden_med_innebygd_dokument(kodeverk, brukere, client,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    url = reverse("kjoring_ny", args=["0H001"])
    side = client.get(url).content.decode()
    assert "Innebygd: årshjul 2017-2018" in side and 'name="skolear"' in side
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(url, {"dokument": "2017-2018"})
    assert svar.status_code == 302
    assert Kjoring.objects.get(kode="0H001").status == "ferdig"
    assert Hendelse.objects.filter(fylke=kodeverk["A"], skolear_id="2017-2018").count() == 105
    index = client.get(reverse("arshjul:index")).content.decode()
    assert "0H001 Importer årshjul" in index and "0H002 Kopier årshjul til neste skoleår" in index
