"""Idempotency-Key: a retry returns the first answer and stores nothing; another body with the key → 422."""

from __future__ import annotations

import pytest

from tests.api.conftest import elev
from tests.fabrikker import syntetisk_fnr
from vigo.models import ApiKall, Idempotens, Person

pytestmark = pytest.mark.django_db


def test_gjentatt_foresporsel_er_noop_med_forste_svar(api_a):
    poster = [elev(syntetisk_fnr())]
    forste = api_a.post("/api/v1/elever", poster, headers={"Idempotency-Key": "abc-1"})
    assert forste.status_code == 200 and "Idempotent-Replay" not in forste
    person = Person.objects.get()
    endret = person.endret
    andre = api_a.post("/api/v1/elever", poster, headers={"Idempotency-Key": "abc-1"})
    assert andre.status_code == 200 and andre["Idempotent-Replay"] == "true"
    assert andre.json() == forste.json() == {"antall": 1, "opprettet": 1, "oppdatert": 0, "uendret": 0,
                                             "ikke_endret": []}  # fmt: skip
    person.refresh_from_db()
    assert person.endret == endret and Person.objects.count() == 1 and Idempotens.objects.count() == 1
    assert ApiKall.objects.count() == 2


def test_samme_nokkel_med_annet_innhold_gir_422(api_a):
    assert api_a.post("/api/v1/elever", [elev()], headers={"Idempotency-Key": "k"}).status_code == 200
    svar = api_a.post("/api/v1/elever", [elev()], headers={"Idempotency-Key": "k"})
    assert svar.status_code == 422 and "allerede brukt" in svar.json()["detail"]
    assert Person.objects.count() == 1
    svar = api_a.post("/api/v1/elevforhold", [], headers={"Idempotency-Key": "k"})
    assert svar.status_code == 422  # another endpoint with the same key is another request too


def test_avvist_foresporsel_lagrer_ikke_nokkelen(api_a):
    fnr = syntetisk_fnr()
    svar = api_a.post("/api/v1/elever", [elev(fnr, fornavn="")], headers={"Idempotency-Key": "rett-opp"})
    assert svar.status_code == 400 and not Idempotens.objects.exists()
    svar = api_a.post("/api/v1/elever", [elev(fnr)], headers={"Idempotency-Key": "rett-opp"})
    assert svar.status_code == 200 and Person.objects.count() == 1


def test_nokler_er_per_klient(api_a, api_b):
    assert api_a.post("/api/v1/elever", [elev()], headers={"Idempotency-Key": "felles"}).status_code == 200
    svar = api_b.post("/api/v1/elever", [elev()], headers={"Idempotency-Key": "felles"})
    assert svar.status_code == 200 and "Idempotent-Replay" not in svar and Person.objects.count() == 2


def test_rydding_fjerner_gamle_svar_og_gamle_kall(lag_klient):
    import datetime

    from django.utils import timezone

    from vigo.models import ApiKall, Idempotens
    from vigo.tasks import rydd_api

    klient, _key = lag_klient()
    gammel = Idempotens.objects.create(klient=klient, nokkel="gammel", metode="POST", sti="/x", foresporsel_hash="h",
                                       status=200, svar={})  # fmt: skip
    ny = Idempotens.objects.create(klient=klient, nokkel="ny", metode="POST", sti="/x", foresporsel_hash="h",
                                   status=200, svar={})  # fmt: skip
    Idempotens.objects.filter(pk=gammel.pk).update(opprettet=timezone.now() - datetime.timedelta(days=8))
    kall = ApiKall.objects.create(klient=klient, metode="GET", sti="/x", status=200)
    ApiKall.objects.filter(pk=kall.pk).update(tidspunkt=timezone.now() - datetime.timedelta(days=400))
    ApiKall.objects.create(klient=klient, metode="GET", sti="/y", status=200)
    assert rydd_api() == {"idempotens": 1, "apikall": 1}
    assert list(Idempotens.objects.values_list("pk", flat=True)) == [ny.pk]
    assert ApiKall.objects.count() == 1
