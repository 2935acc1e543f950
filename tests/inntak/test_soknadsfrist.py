"""The county's deadlines (system parameters): a søknad registered after the deadline that applies to it (the
fortrinnsfrist for fortrinn and individuell behandling, else the søknadsfrist) is marked on its page and can be
found with the search filter. Counted by the Norwegian calendar day of registration; a deadline on a weekend or
holiday runs to the next working day (§ 4-9): 1 March 2026 is a Sunday, so the søknadsfrist is Monday 2 March."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from inntak import selectors
from inntak.models import Soknad
from vigo.models import Rolle
from vigo.parametere.services import sett_parametere

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _registrert(soknad, *tid):
    Soknad.objects.filter(pk=soknad.pk).update(registrert=datetime.datetime(*tid, tzinfo=OSLO))
    return Soknad.objects.select_related("behandlingskategori").get(pk=soknad.pk)


def test_frist_per_kategori_og_dag(lag_soknad):
    i_tide = _registrert(lag_soknad(), 2026, 3, 2, 23, 59)  # the deadline day itself is on time
    sen = _registrert(lag_soknad(), 2026, 3, 3, 0, 5)
    fortrinn = _registrert(lag_soknad(behandlingskategori="FOR615"), 2026, 2, 15, 12, 0)
    assert selectors.soknadsfrist(i_tide) == datetime.date(2026, 3, 2)  # 1 March 2026 is a Sunday
    assert selectors.soknadsfrist(fortrinn) == datetime.date(2026, 2, 2)  # 1 February 2026 is a Sunday too
    assert [selectors.sokt_etter_fristen(s) for s in (i_tide, sen, fortrinn)] == [False, True, True]


def test_sokefilter_og_merke_pa_soknaden(client, lag_soknad, inntak, brukere):
    i_tide = _registrert(lag_soknad(), 2026, 2, 20, 10, 0)
    sen = _registrert(lag_soknad(), 2026, 3, 3, 9, 0)
    fortrinn = _registrert(lag_soknad(behandlingskategori="FOR615"), 2026, 2, 3, 9, 0)
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(reverse("inntak:sok"), {"skolear": inntak.ar.kode, "etter_fristen": "on"})
    treff = set(svar.context["side"].paginator.object_list.values_list("pk", flat=True))
    assert treff == {sen.pk, fortrinn.pk}
    html = client.get(reverse("inntak:soknad", args=[sen.pk])).content.decode()
    assert "Søkt etter fristen (2. mars 2026)" in html
    assert "Søkt etter fristen" not in client.get(reverse("inntak:soknad", args=[i_tide.pk])).content.decode()
    # The county moves its deadline: the same søknad is now on time.
    sett_parametere(
        inntak.A, inntak.ar, {"inntak.soknadsfrist": "2026-03-05"}, brukere["A"][Rolle.FYLKESADMIN]
    )
    svar = client.get(reverse("inntak:sok"), {"skolear": inntak.ar.kode, "etter_fristen": "on"})
    assert set(svar.context["side"].paginator.object_list.values_list("pk", flat=True)) == {fortrinn.pk}
