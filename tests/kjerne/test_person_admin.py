"""The person admin writes through vigo.services (opprett_person, oppdater_person and the foresatt services),
the same functions and the same rule (kan_endre_person) as the session API."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo import services
from vigo.models import Foresatt, Person, Rolle

pytestmark = pytest.mark.django_db


def _skjema(fylke, **kw):
    data = {"fodselsnummer": syntetisk_fnr(), "fornavn": "Kari", "mellomnavn": "", "etternavn": "Nord",
            "adresse": "", "postnummer": "", "poststed": "", "kommune": "", "fylke": fylke.pk, "epost": "",
            "mobil": "", "malform": "nb", "foresatte-TOTAL_FORMS": "0", "foresatte-INITIAL_FORMS": "0",
            "foresatte-MIN_NUM_FORMS": "0", "foresatte-MAX_NUM_FORMS": "1000"}  # fmt: skip
    data.update(kw)
    return data


@pytest.fixture
def saksbehandler(client, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    bruker.is_staff = True
    bruker.save()
    client.force_login(bruker)
    return bruker


def test_admin_oppretter_og_endrer_person_gjennom_tjenestene(client, kodeverk, saksbehandler):
    data = _skjema(kodeverk["A"])
    with mock.patch("vigo.admin.opprett_person", wraps=services.opprett_person) as opprett:
        svar = client.post(reverse("admin:vigo_person_add"), data)
    assert svar.status_code == 302, svar.content.decode()[:3000]
    assert opprett.call_count == 1 and opprett.call_args.kwargs["bruker"] == saksbehandler
    person = Person.objects.get(fodselsnummer=data["fodselsnummer"])
    assert person.fylke == kodeverk["A"] and person.fodselsdato is not None
    with mock.patch("vigo.admin.oppdater_person", wraps=services.oppdater_person) as oppdater:
        svar = client.post(reverse("admin:vigo_person_change", args=[person.pk]),
                           {**data, "etternavn": "Sør"})  # fmt: skip
    assert svar.status_code == 302 and oppdater.call_count == 1
    person.refresh_from_db()
    assert person.etternavn == "Sør"
    assert person.history.first().history_user == saksbehandler


def test_admin_legger_til_og_fjerner_foresatt_gjennom_tjenestene(client, kodeverk, saksbehandler):
    person = PersonFactory(fylke=kodeverk["A"])
    mor = PersonFactory(fylke=kodeverk["A"])
    url = reverse("admin:vigo_person_change", args=[person.pk])
    data = _skjema(kodeverk["A"], fodselsnummer=person.fodselsnummer, fornavn=person.fornavn,
                   etternavn=person.etternavn, **{"foresatte-TOTAL_FORMS": "1", "foresatte-0-foresatt": mor.pk,
                                                  "foresatte-0-relasjon": "mor", "foresatte-0-person": person.pk})  # fmt: skip
    with mock.patch("vigo.admin.legg_til_foresatt", wraps=services.legg_til_foresatt) as legg_til:
        svar = client.post(url, data)
    assert svar.status_code == 302, svar.content.decode()[:3000]
    assert legg_til.call_count == 1
    f = Foresatt.objects.get(person=person)
    assert f.foresatt == mor and f.history.first().history_user == saksbehandler
    data.update({"foresatte-INITIAL_FORMS": "1", "foresatte-0-id": f.pk, "foresatte-0-DELETE": "on"})
    with mock.patch("vigo.admin.fjern_foresatt", wraps=services.fjern_foresatt) as fjern:
        svar = client.post(url, data)
    assert svar.status_code == 302 and fjern.call_count == 1
    assert not Foresatt.objects.filter(person=person).exists()
