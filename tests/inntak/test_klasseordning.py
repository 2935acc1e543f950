"""Job 1A001 Kopiere klasseordning: copies the year's tilbud, idempotent, reports expired programområder."""

from unittest import mock

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from inntak import services
from inntak.models import Tilbud
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def test_jobb_1a001_kopierer_og_rapporterer_utgatte_koder(
    inntak, brukere, django_capture_on_commit_callbacks
):
    bruker = brukere["A"][Rolle.INNTAK]
    params = {"fra_skolear": "2026-2027", "til_skolear": "2027-2028"}
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("1A001", inntak.A, bruker, params)
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["utgatte_koder"] == ["DHDHV1----"] and kj.resultat["kopiert"] == 8
    nye = Tilbud.objects.filter(skolear=inntak.neste)
    assert nye.count() == 8 and not nye.filter(fylke=inntak.B).exists()
    assert not nye.filter(programomrade__kode="DHDHV1----").exists()
    st = nye.get(skole=inntak.kv["skole_a"], programomrade__kode="STUSP1----")
    assert (st.plasser, st.status, st.fylke) == (30, "apen", inntak.A)
    assert kj.logg.filter(niva="advarsel", tekst__contains="DHDHV1----").exists()
    assert [f.navn for f in kj.filer.all()] == ["utgatte_programomrader_2027-2028.csv"]
    with django_capture_on_commit_callbacks(execute=True):
        kj2 = tjenester.start_kjoring("1A001", inntak.A, bruker, params)
    kj2.refresh_from_db()
    assert kj2.resultat["kopiert"] == 0 and kj2.resultat["fantes_fra_for"] == 8
    assert Tilbud.objects.filter(skolear=inntak.neste).count() == 8


def test_skjema_og_tjeneste_krever_senere_ar(inntak):
    with pytest.raises(tjenester.KjoringFeil, match="må komme etter"):
        tjenester.valider_parametere("1A001", {"fra_skolear": "2027-2028", "til_skolear": "2026-2027"})
    with pytest.raises(ValidationError):
        services.kopier_klasseordning(inntak.A, inntak.neste, inntak.ar)


def test_opprett_tilbud_avviser_utgatt_programomrade(inntak):
    with pytest.raises(ValidationError, match="DHDHV1---- er ikke gyldig i skoleåret 2027-2028"):
        services.opprett_tilbud(skole=inntak.kv["skole_a"], programomrade=inntak.po["DH"], skolear=inntak.neste,
                                plasser=15)  # fmt: skip
    t = services.opprett_tilbud(skole=inntak.kv["skole_a2"], programomrade=inntak.po["TP"], skolear=inntak.neste,
                                plasser=15, inntakskrav="dokumentasjon")  # fmt: skip
    assert t.fylke == inntak.A


def _tilbudsdata(inntak, programomrade, skolear, **kw):
    return {"skole": inntak.kv["skole_a2"].pk, "programomrade": programomrade.pk, "skolear": skolear.pk,
            "plasser": 15, "antall_klasser": 1, "inntakskrav": "", "status": "apen", **kw}  # fmt: skip


def test_admin_avviser_tilbud_paa_utgatt_programomrade_som_skjemafeil(client, inntak, brukere):
    """The admin writes through the service: an expired programområde is a Norwegian form error, not a save."""
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    svar = client.post(
        reverse("admin:inntak_tilbud_add"), _tilbudsdata(inntak, inntak.po["DH"], inntak.neste)
    )
    assert svar.status_code == 200
    assert "DHDHV1---- er ikke gyldig i skoleåret 2027-2028" in svar.content.decode()
    assert not Tilbud.objects.filter(skolear=inntak.neste).exists()
    # Moving an existing tilbud to a year where its programområde has expired is refused the same way.
    dh = inntak.t["hs2"]
    url = reverse("admin:inntak_tilbud_change", args=[dh.pk])
    svar = client.post(url, _tilbudsdata(inntak, inntak.po["DH"], inntak.ar))
    assert svar.status_code == 200 and "DHDHV1---- er ikke gyldig" in svar.content.decode()
    dh.refresh_from_db()
    assert dh.programomrade == inntak.po["HS"]


def test_admin_lagrer_tilbud_gjennom_tjenesten(client, inntak, brukere):
    bruker = brukere["A"][Rolle.SYSADMIN]
    client.force_login(bruker)
    with mock.patch("inntak.admin.opprett_tilbud", wraps=services.opprett_tilbud) as opprett:
        svar = client.post(
            reverse("admin:inntak_tilbud_add"), _tilbudsdata(inntak, inntak.po["TP"], inntak.neste)
        )
    assert svar.status_code == 302 and opprett.call_count == 1
    t = Tilbud.objects.get(skolear=inntak.neste)
    assert t.fylke == inntak.A and t.plasser == 15
    with mock.patch("inntak.admin.endre_tilbud", wraps=services.endre_tilbud) as endre:
        svar = client.post(reverse("admin:inntak_tilbud_change", args=[t.pk]),
                           _tilbudsdata(inntak, inntak.po["TP"], inntak.neste, plasser=20))  # fmt: skip
    assert svar.status_code == 302 and endre.call_count == 1
    t.refresh_from_db()
    assert t.plasser == 20
    # One admin log entry per write, written by the service (the admin writes none of its own).
    logg = LogEntry.objects.filter(object_id=str(t.pk), content_type__model="tilbud").order_by("pk")
    assert [(e.action_flag, e.user_id) for e in logg] == [(ADDITION, bruker.pk), (CHANGE, bruker.pk)]
