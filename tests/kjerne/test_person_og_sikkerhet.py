"""Person register services, the file-based Folkeregister, and security headers."""

import json

import pytest
from django.core.exceptions import ValidationError

from tests.fabrikker import PersonFactory, syntetisk_fnr
from vigo import services
from vigo.folkeregister import FilFolkeregister, folkeregister
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def test_opprett_person_avviser_ugyldig_fodselsnummer_og_lagrer_ingenting(kodeverk):
    with pytest.raises(ValidationError) as e:
        services.opprett_person(fodselsnummer="15108695077", fylke=kodeverk["A"], fornavn="A", etternavn="B")
    assert "kontrollsiffer" in str(e.value)
    from vigo.models import Person

    assert not Person.objects.exists()


def test_fodselsdato_utledes_og_historikk_fores(kodeverk):
    p = services.opprett_person(
        fodselsnummer="15108695088", fylke=kodeverk["A"], fornavn="Kari", etternavn="Nord"
    )
    assert p.fodselsdato.isoformat() == "1986-10-15"
    services.oppdater_person(p, etternavn="Sør")
    assert [h.etternavn for h in p.history.order_by("history_date")] == ["Nord", "Sør"]


def test_foresatt_kan_ikke_vaere_seg_selv(kodeverk):
    p = PersonFactory(fylke=kodeverk["A"])
    with pytest.raises(ValidationError):
        services.legg_til_foresatt(p, p, "mor")


def test_filbasert_folkeregister(settings, tmp_path):
    fnr = syntetisk_fnr()
    fil = tmp_path / "fr.json"
    fil.write_text(json.dumps({fnr: {"fornavn": "Ny", "etternavn": "Navnesen", "adresse": "Storgata 1",
                                     "postnummer": "7010", "poststed": "Trondheim", "kommunenummer": "5001"}}))  # fmt: skip
    settings.FOLKEREGISTER_FIL = str(fil)
    assert isinstance(folkeregister(), FilFolkeregister)
    fr = folkeregister().hent(fnr)
    assert (fr.fornavn, fr.etternavn, fr.kommunenummer) == ("Ny", "Navnesen", "5001")
    assert folkeregister().hent(syntetisk_fnr()) is None


def test_sikkerhetshoder(client, brukere):
    client.force_login(brukere["A"][Rolle.INNTAK])
    resp = client.get("/")
    assert "default-src 'self'" in resp["Content-Security-Policy"]
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in resp["Content-Security-Policy"]
