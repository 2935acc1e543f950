"""The company register's pages: permissions, scoping, the Enhetsregisteret flow, forms calling the services, query
budgets on the list and the company page, and the audit row for pages that show persons."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from fagopplaering.models import Bedrift, Bedriftstype, Godkjenning, Medlemskap, Opplaeringsansvarlig
from fagopplaering.selectors import bedrift as sel
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import (
    lag_bedrift,
    lag_faglig_leder,
    lag_godkjenning,
    lag_gyldig_orgnr,
    lag_kontrakt,
)
from vigo.models import Innsyn, Rolle
from vigo.scoping import legg_til_fylkekobling

D = datetime.date


@pytest.fixture(autouse=True)
def _kobling():
    legg_til_fylkekobling(Bedrift, sel.fylkekobling_hendelser)


@pytest.fixture
def er(settings, tmp_path):
    sti = tmp_path / "er.jsonl"
    sti.write_text("", encoding="utf-8")
    settings.ENHETSREGISTERET = {"BACKEND": "fil", "FIL": str(sti), "URL": "", "TIMEOUT": 1}

    def legg_til(orgnr, navn, kommunenr="5001", **kw):
        e = {"organisasjonsnummer": orgnr, "navn": navn, "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
             "forretningsadresse": {"adresse": ["Fjordgata 3"], "postnummer": "7010", "poststed": "TRONDHEIM",
                                    "kommunenummer": kommunenr, "kommune": "TRONDHEIM"},
             "naeringskode1": {"kode": "43.210", "beskrivelse": "Elektrisk installasjonsarbeid"}, **kw}  # fmt: skip
        with sti.open("a", encoding="utf-8") as f:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")

    return legg_til


@pytest.fixture
def fa(client, brukere):
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    return brukere["A"][Rolle.FAGOPPLAERING]


def url(navn, *args):
    return reverse(f"fagopplaering:{navn}", args=args)


# --- permissions and scope -----------------------------------------------------------------------------------------
def test_inntak_og_annet_fylke_nektes(client, fag, brukere):
    trondheim = Kommune.objects.get(nummer="5001")
    b = lag_bedrift("ELEKTRO AS", kommune=trondheim, orgnr=lag_gyldig_orgnr())
    g = lag_godkjenning(b, fag["A"], fag["elektriker"])
    client.force_login(brukere["A"][Rolle.INNTAK])
    for navn, args in (("bedrifter", ()), ("bedrift", (b.pk,)), ("bedrift_ny", ()), ("godkjenning_ny", (b.pk,)),
                       ("godkjenning_trekk", (g.pk,)), ("ansvarlig_ny", (g.pk,))):  # fmt: skip
        assert client.get(url(navn, *args)).status_code == 403, navn
    client.force_login(brukere["B"][Rolle.FAGOPPLAERING])
    assert client.get(url("bedrift", b.pk)).status_code == 404
    assert client.get(url("godkjenning_trekk", g.pk)).status_code == 404
    assert client.get(url("ansvarlig_ny", g.pk)).status_code == 404
    svar = client.get(url("bedrifter"))
    assert svar.status_code == 200 and "ELEKTRO AS" not in svar.content.decode()
    # Read-only role: sees, but no write buttons and POST is refused.
    client.force_login(brukere["A"][Rolle.LESE])
    svar = client.get(url("bedrift", b.pk))
    assert svar.status_code == 200 and "Godkjenn for lærefag" not in svar.content.decode()
    assert client.post(url("bedrift_oppdater", b.pk)).status_code == 403


def test_liste_filter_og_sporringsbudsjett(client, fag, fa, django_assert_max_num_queries):
    trondheim = Kommune.objects.get(nummer="5001")
    for i in range(60):
        b = lag_bedrift(f"BEDRIFT {i:02d} AS", kommune=trondheim, orgnr=lag_gyldig_orgnr())
        if i % 2 == 0:
            lag_godkjenning(b, fag["A"], fag["elektriker"])
    with django_assert_max_num_queries(12):
        svar = client.get(url("bedrifter"))
    tekst = svar.content.decode()
    assert svar.status_code == 200 and "60 bedrifter" in tekst and "Side 1 av 2" in tekst
    svar = client.get(url("bedrifter"), {"fag": fag["elektriker"].kode})
    assert "30 bedrifter" in svar.content.decode()
    svar = client.get(url("bedrifter"), {"q": "bedrift 07"})
    assert "1 bedrift" in svar.content.decode() and "BEDRIFT 07 AS" in svar.content.decode()
    svar = client.get(url("bedrifter"), {"q": "x"}, HTTP_HX_REQUEST="true")
    assert "<html" not in svar.content.decode()


def test_bedriftsside_viser_alt_og_logger_innsyn(client, fag, fa, django_assert_max_num_queries):
    trondheim = Kommune.objects.get(nummer="5001")
    kontor = lag_bedrift("OPPLÆRINGSKONTORET FOR ELEKTRO", kommune=trondheim, orgnr=lag_gyldig_orgnr(),
                         type=Bedriftstype.OPPLAERINGSKONTOR)  # fmt: skip
    g = lag_godkjenning(kontor, fag["A"], fag["elektriker"])
    lag_faglig_leder(g, fornavn="Kari", etternavn="Fagleder")
    for i in range(5):
        medlem = lag_bedrift(f"MEDLEM {i} AS", kommune=trondheim, orgnr=lag_gyldig_orgnr())
        lag_godkjenning(medlem, fag["A"], fag["elektriker"])
        Medlemskap.objects.create(opplaeringskontor=kontor, medlem=medlem, fylke=fag["A"], fra=D(2024, 1, 1))
        lag_kontrakt(
            PersonFactory(fylke=fag["A"]), fag["A"], kontor, fag["elektriker"], medlemsbedrift=medlem
        )
    with django_assert_max_num_queries(30):
        svar = client.get(url("bedrift", kontor.pk))
    tekst = svar.content.decode()
    assert svar.status_code == 200
    for forventet in ("Elektrikerfaget", "Kari Fagleder", "MEDLEM 3 AS", "5 kontrakter", "Meld inn medlemsbedrift",
                      "Trekk tilbake godkjenningen", "Lærlingtilskudd"):  # fmt: skip
        assert forventet in tekst, forventet
    innsyn = Innsyn.objects.filter(bruker=fa).latest("pk")
    assert innsyn.handling == "vis" and innsyn.antall == 6 and kontor.orgnr in innsyn.hva


# --- the Enhetsregisteret flow --------------------------------------------------------------------------------------
def test_ny_bedrift_oppslag_bekreft_og_registrer(client, fag, fa, er):
    orgnr = lag_gyldig_orgnr()
    er(orgnr, "NIDAROS ELEKTRO AS")
    svar = client.post(
        url("bedrift_ny"), {"steg": "oppslag", "orgnr": f"{orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}"}
    )
    tekst = svar.content.decode()
    assert (
        "NIDAROS ELEKTRO AS" in tekst
        and "Elektrisk installasjonsarbeid" in tekst
        and 'value="bekreft"' in tekst
    )
    # Without the confirmation box: nothing registered.
    svar = client.post(url("bedrift_ny"), {"steg": "bekreft", "orgnr": orgnr, "type": "selvstendig"})
    assert svar.status_code == 200 and not Bedrift.objects.exists()
    svar = client.post(url("bedrift_ny"), {"steg": "bekreft", "orgnr": orgnr, "type": "selvstendig", "bekreft": "on",
                                            "kontaktperson": "Per", "epost": "per@nidaros.example"})  # fmt: skip
    b = Bedrift.objects.get(orgnr=orgnr)
    assert svar.status_code == 302 and svar["Location"] == url("bedrift", b.pk)
    assert b.kontaktperson == "Per" and b.kommune.nummer == "5001"
    # The same number again: the page says it is registered and links to it.
    svar = client.post(url("bedrift_ny"), {"steg": "oppslag", "orgnr": orgnr})
    assert "er allerede registrert" in svar.content.decode() and url("bedrift", b.pk) in svar.content.decode()


def test_ny_bedrift_feil_vises_uten_traceback(client, fag, fa, er):
    svar = client.post(url("bedrift_ny"), {"steg": "oppslag", "orgnr": "123456789"})
    assert svar.status_code == 200 and "ikke et gyldig organisasjonsnummer" in svar.content.decode()
    orgnr = lag_gyldig_orgnr()
    er(orgnr, "SLETTET AS", slettedato="2025-06-30")
    svar = client.post(
        url("bedrift_ny"), {"steg": "bekreft", "orgnr": orgnr, "type": "selvstendig", "bekreft": "on"}
    )
    assert svar.status_code == 200 and "slettet i Enhetsregisteret 30.06.2025" in svar.content.decode()
    ukjent = lag_gyldig_orgnr()
    svar = client.post(url("bedrift_ny"), {"steg": "oppslag", "orgnr": ukjent})
    assert "kjenner ikke dette organisasjonsnummeret" in svar.content.decode()
    svar = client.post(url("bedrift_ny"), {"steg": "bekreft", "orgnr": ukjent, "type": "selvstendig", "bekreft": "on",
                                            "navn": "Manuell AS"})  # fmt: skip
    assert svar.status_code == 302 and Bedrift.objects.get(orgnr=ukjent).navn == "Manuell AS"


def test_oppslag_htmx(client, fag, fa, er):
    orgnr = lag_gyldig_orgnr()
    er(orgnr, "HTMX BYGG AS", konkurs=True)
    svar = client.get(url("bedrift_oppslag"), {"orgnr": orgnr}, HTTP_HX_REQUEST="true")
    tekst = svar.content.decode()
    assert "HTMX BYGG AS" in tekst and "Konkurs eller under avvikling" in tekst and "<html" not in tekst


def test_annet_fylkes_bedrift_kan_godkjennes(client, fag, brukere, er):
    oslo = Kommune.objects.get(nummer="0301")
    b = lag_bedrift("OSLO BYGG AS", kommune=oslo, orgnr=lag_gyldig_orgnr())
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    assert client.get(url("bedrift", b.pk)).status_code == 404
    svar = client.post(url("bedrift_ny"), {"steg": "oppslag", "orgnr": b.orgnr})
    assert url("godkjenning_ny", b.pk) in svar.content.decode()
    svar = client.post(
        url("godkjenning_ny", b.pk), {"programomrade": fag["elektriker"].pk, "godkjent_fra": "2025-01-01"}
    )
    assert svar.status_code == 302
    assert client.get(url("bedrift", b.pk)).status_code == 200


# --- approvals, faglig leder, members -------------------------------------------------------------------------------
def test_godkjenn_med_faglig_leder_og_trekk(client, fag, fa, er):
    b = lag_bedrift("ELEKTRO AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=lag_gyldig_orgnr())
    data = {"programomrade": fag["elektriker"].pk, "godkjent_fra": "2025-01-01", "vedtak_ref": "25/1",
            "fl_fornavn": "Kari"}  # fmt: skip
    svar = client.post(url("godkjenning_ny", b.pk), data)
    assert svar.status_code == 200 and "både fornavn og etternavn" in svar.content.decode()
    data["fl_etternavn"] = "Leder"
    svar = client.post(url("godkjenning_ny", b.pk), data)
    assert svar.status_code == 302
    g = Godkjenning.objects.get(bedrift=b)
    assert g.ansvarlige.get().etternavn == "Leder"
    svar = client.post(url("godkjenning_ny", b.pk), data)
    assert "allerede godkjent" in svar.content.decode()
    # Withdrawal needs the confirmation box.
    assert (
        client.post(
            url("godkjenning_trekk", g.pk), {"dato": "2026-01-01", "grunn": "Ingen faglig leder"}
        ).status_code
        == 200
    )
    svar = client.post(url("godkjenning_trekk", g.pk), {"dato": "2026-01-01", "grunn": "Ingen faglig leder",
                                                        "bekreft": "on"})  # fmt: skip
    assert svar.status_code == 302
    g.refresh_from_db()
    assert g.status == "trukket"


def test_ansvarlig_ny_og_avslutt(client, fag, fa):
    b = lag_bedrift("ELEKTRO AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=lag_gyldig_orgnr())
    g = lag_godkjenning(b, fag["A"], fag["elektriker"])
    svar = client.post(url("ansvarlig_ny", g.pk), {"rolle": "instruktor", "fornavn": "Ivar", "etternavn": "Instruktør",
                                                   "fra": "2025-01-01"})  # fmt: skip
    assert svar.status_code == 302
    a = Opplaeringsansvarlig.objects.get()
    svar = client.post(url("ansvarlig_avslutt", a.pk), {"til": "2024-01-01"})
    assert svar.status_code == 200 and "før «fra»" in svar.content.decode()
    assert client.post(url("ansvarlig_avslutt", a.pk), {"til": "2025-06-30"}).status_code == 302
    a.refresh_from_db()
    assert a.til == D(2025, 6, 30)


def test_medlem_inn_og_ut(client, fag, fa):
    trondheim = Kommune.objects.get(nummer="5001")
    kontor = lag_bedrift("OPPLÆRINGSKONTORET", kommune=trondheim, orgnr=lag_gyldig_orgnr(),
                         type=Bedriftstype.OPPLAERINGSKONTOR)  # fmt: skip
    medlem = lag_bedrift("MEDLEM AS", kommune=trondheim, orgnr=lag_gyldig_orgnr())
    svar = client.post(url("medlem_ny", kontor.pk), {"medlem": medlem.orgnr, "fra": "2025-01-01"})
    assert svar.status_code == 200 and "ingen gyldig godkjenning" in svar.content.decode()
    lag_godkjenning(medlem, fag["A"], fag["elektriker"])
    svar = client.post(url("medlem_ny", kontor.pk), {"medlem": medlem.orgnr, "fra": "2025-01-01",
                                                     "samarbeidsavtale": "on"})  # fmt: skip
    assert svar.status_code == 302
    ms = Medlemskap.objects.get()
    assert ms.samarbeidsavtale
    assert client.post(url("medlem_ut", ms.pk), {"til": "2025-12-31"}).status_code == 302
    ms.refresh_from_db()
    assert ms.til == D(2025, 12, 31)
    # Not an office: no form.
    svar = client.get(url("medlem_ny", medlem.pk))
    assert svar.status_code == 302


def test_oppdater_og_endre(client, fag, fa, er):
    b = lag_bedrift("GAMMELT AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=lag_gyldig_orgnr())
    er(b.orgnr, "NYTT AS")
    svar = client.post(url("bedrift_oppdater", b.pk), follow=True)
    assert "NYTT AS" in svar.content.decode() and "GAMMELT AS → NYTT AS" in svar.content.decode()
    svar = client.post(
        url("bedrift_endre", b.pk), {"type": "selvstendig", "telefon": "73000000", "aktiv": "on"}
    )
    assert svar.status_code == 302
    b.refresh_from_db()
    assert b.telefon == "73000000" and b.aktiv
