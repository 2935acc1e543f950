"""Ad-hoc lists: the catalogue per role, scoping (county, school), filter validation, preview with count and paging,
CSV and XLSX downloads with their audit rows, and the XLSX row limit."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from inntak.elev.models import Elevforhold
from rapporter.adhoc import eksport, katalog
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
URL = "rapporter:lister"


def _elevkurs(person, skole, programomrade, skolear, **kw):
    return Elevforhold.objects.create(person=person, skole=skole, programomrade=programomrade, skolear=skolear,
                                      startdato=kw.pop("startdato", datetime.date(2026, 8, 19)), **kw)  # fmt: skip


@pytest.fixture
def elever(inntak):
    """Three pupils in county A at two schools, one in county B."""
    a, a2, b = inntak.kv["skole_a"], inntak.kv["skole_a2"], inntak.kv["skole_b"]
    st, hs = inntak.po["ST"], inntak.po["HS"]
    ut = {
        "a1": _elevkurs(PersonFactory(fylke=inntak.A, etternavn="Aas"), a, st, inntak.ar),
        "a2": _elevkurs(PersonFactory(fylke=inntak.A, etternavn="Berg"), a, hs, inntak.ar, fullfortkode="B"),
        "a3": _elevkurs(PersonFactory(fylke=inntak.A, etternavn="Dahl"), a2, st, inntak.ar),
        "b1": _elevkurs(PersonFactory(fylke=inntak.B, etternavn="Eide"), b, st, inntak.ar),
    }
    return ut


def _hent(client, bruker, **params):
    client.force_login(bruker)
    return client.get(reverse(URL), params)


def test_katalogen_per_rolle(brukere):
    navn = {rolle: {p.nokkel for p in katalog.synlige(brukere["A"][rolle])} for rolle in Rolle}
    assert navn[Rolle.INNTAK] == {"sokere", "elever"}
    assert navn[Rolle.FAGOPPLAERING] >= {"kontrakter", "elever"} and "sokere" not in navn[Rolle.FAGOPPLAERING]
    assert navn[Rolle.SKOLE] == {"sokere", "elever"}
    alle = {"sokere", "elever", "kontrakter", "bedrifter"}
    assert "kontrakter" in navn[Rolle.LESE] and navn[Rolle.SYSADMIN] == alle == set(katalog.POPULASJONER)
    for p in katalog.POPULASJONER.values():
        assert all(str(k.etikett) for k in p.kolonner) and p.standardkolonner
        if p.person_sti:  # the person populations mark the personal columns
            assert {k.nokkel for k in p.kolonner if k.person} >= {
                "fodselsnummer",
                "navn",
                "adresse",
                "epost",
                "mobil",
            }


def test_uten_populasjon_er_siden_stengt(client, brukere):
    # A user holding none of the populations' permissions gets 403, not an empty page.
    from tests.fabrikker import lag_bruker

    uten = lag_bruker("uten_rolle", Rolle.LESE, brukere["A"][Rolle.LESE].fylke)
    uten.groups.clear()
    svar = _hent(client, uten)
    assert svar.status_code == 403


def test_populasjon_uten_tilgang_vises_ikke(client, brukere, elever):
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="kontrakter", vis="1")
    tekst = svar.content.decode()
    assert svar.status_code == 200
    assert 'value="kontrakter"' not in tekst  # falls back to the first visible population
    assert "Lærlinger og kontrakter" not in tekst


def test_forhandsvisning_teller_og_er_avgrenset_til_fylket(client, brukere, elever):
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", vis="1", kol=["fodselsnummer", "skole"])
    tekst = svar.content.decode()
    assert svar.status_code == 200
    assert "Viser 1–3 av 3" in tekst
    for e in ("a1", "a2", "a3"):
        assert elever[e].person.fodselsnummer in tekst
    assert elever["b1"].person.fodselsnummer not in tekst
    # County B never sees county A.
    tekst_b = _hent(client, brukere["B"][Rolle.INNTAK], pop="elever", vis="1").content.decode()
    assert elever["b1"].person.fodselsnummer in tekst_b and elever["a1"].person.fodselsnummer not in tekst_b
    # Personal columns shown: the preview is a search in the audit log, without any fødselsnummer in the text.
    rad = Innsyn.objects.get(handling="sok", bruker=brukere["A"][Rolle.INNTAK])
    assert rad.antall == 3 and "elever" in rad.hva and elever["a1"].person.fodselsnummer not in rad.hva


def test_skolebruker_ser_bare_egen_skole(client, brukere, elever):
    tekst = _hent(client, brukere["A"][Rolle.SKOLE], pop="elever", vis="1").content.decode()
    assert "Viser 1–2 av 2" in tekst
    assert elever["a3"].person.fodselsnummer not in tekst and elever["b1"].person.fodselsnummer not in tekst
    # Its school filter offers only its own school.
    skjema = _hent(client, brukere["A"][Rolle.SKOLE], pop="elever").context["skjema"]
    assert [v for v, _ in skjema.fields["skole"].choices if v] == [str(brukere["A"][Rolle.SKOLE].skole_id)]


def test_filtre_og_uten_personkolonner_ingen_logg(client, brukere, elever, inntak):
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", vis="1", kol=["skole", "programomrade"],
                 skole=str(inntak.kv["skole_a"].pk), fullfortkode="B")  # fmt: skip
    assert "Viser 1–1 av 1" in svar.content.decode()
    assert svar.context["rader"] == [["Charlottenlund vgs", "Helse- og oppvekstfag"]]
    assert not Innsyn.objects.filter(handling="sok").exists()


def test_ugyldige_filterverdier_gir_norske_feil(client, brukere, elever):
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", vis="1", skole="999999",
                 startdato_fra="31.02.2026", kol=["finnesikke"])  # fmt: skip
    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "Ugyldig valg" in tekst and "Skriv en gyldig dato" in tekst
    assert "Viser" not in tekst
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", vis="1", startdato_fra="2026-09-01",
                 startdato_til="2026-08-01")  # fmt: skip
    assert "Til-datoen kan ikke være før fra-datoen." in svar.content.decode()
    svar = client.get(reverse("rapporter:lister_csv"), {"pop": "elever", "skole": "x"})
    assert svar.status_code == 400 and "Ugyldig valg" in svar.content.decode()


def test_sideinndeling(client, brukere, inntak):
    skole = inntak.kv["skole_a"]
    for _i in range(55):
        _elevkurs(PersonFactory(fylke=inntak.A), skole, inntak.po["ST"], inntak.ar)
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", vis="1", kol=["skole"])
    assert "Viser 1–50 av 55" in svar.content.decode() and len(svar.context["rader"]) == 50
    assert "side=2" in svar.content.decode()
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", kol=["skole"], side="2")
    assert "Viser 51–55 av 55" in svar.content.decode() and len(svar.context["rader"]) == 5


def test_htmx_bytter_filtre_og_kolonner(client, brukere):
    client.force_login(brukere["A"][Rolle.LESE])
    svar = client.get(reverse(URL), {"pop": "kontrakter", "bare": "utvalg"}, HTTP_HX_REQUEST="true")
    tekst = svar.content.decode()
    assert "<html" not in tekst and "Lærebedrift" in tekst and 'name="lopende"' in tekst


def test_csv_eksport_innhold_og_revisjon(client, brukere, elever):
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(
        reverse("rapporter:lister_csv"), {"pop": "elever", "kol": ["fodselsnummer", "skole", "startdato"]}
    )
    assert svar.status_code == 200 and svar["Content-Type"].startswith("text/csv")
    linjer = b"".join(svar.streaming_content).decode("utf-8-sig").split("\r\n")
    assert linjer[0] == "Fødselsnummer;Skole;Startdato"
    rader = [linje.split(";") for linje in linjer[1:] if linje]
    assert len(rader) == 3
    assert [elever["a1"].person.fodselsnummer, "Charlottenlund vgs", "19.08.2026"] in rader
    rad = Innsyn.objects.get(handling="eksport")
    assert rad.antall == 3 and "CSV" in rad.hva and rad.fylke == brukere["A"][Rolle.INNTAK].fylke


def test_xlsx_eksport(client, brukere, elever):
    from openpyxl import load_workbook

    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(
        reverse("rapporter:lister_xlsx"), {"pop": "elever", "kol": ["etternavn", "fullfortkode"]}
    )
    assert svar.status_code == 200
    bok = load_workbook(io.BytesIO(b"".join(svar.streaming_content)))
    rader = list(bok.active.iter_rows(values_only=True))
    assert rader[0] == ("Etternavn", "Fullførtkode")
    assert sorted(rader[1:]) == [("Aas", None), ("Berg", "Fullført og bestått"), ("Dahl", None)]
    assert Innsyn.objects.filter(handling="eksport", antall=3, hva__contains="XLSX").exists()


def test_xlsx_har_maks_antall_rader(client, brukere, elever, monkeypatch):
    monkeypatch.setattr(eksport, "XLSX_MAKS", 2)
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(reverse("rapporter:lister_xlsx"), {"pop": "elever"})
    assert svar.status_code == 400
    assert "Excel-nedlasting er begrenset til 2 rader" in svar.content.decode()
    assert not Innsyn.objects.filter(handling="eksport").exists()


def test_sokere_og_kontrakter(client, brukere, lag_soknad, inntak):
    from tests.fagopplaering.fabrikker import lag_bedrift, lag_fagkodeverk, lag_kontrakt

    fag = lag_fagkodeverk()
    s = lag_soknad()
    lag_soknad(fylke=inntak.B)
    tekst = _hent(client, brukere["A"][Rolle.INNTAK], pop="sokere", vis="1",
                  kol=["fodselsnummer", "skole", "programomrade", "status"]).content.decode()  # fmt: skip
    assert "Viser 1–1 av 1" in tekst and s.person.fodselsnummer in tekst and "Studiespesialisering" in tekst
    bedrift = lag_bedrift(kommune=inntak.A.kommuner.first())
    lag_kontrakt(
        PersonFactory(fylke=inntak.A), inntak.A, bedrift, fag["elektriker"], fra=datetime.date(2025, 8, 15)
    )
    lag_kontrakt(PersonFactory(fylke=inntak.B), inntak.B, bedrift, fag["elektriker"])
    svar = _hent(client, brukere["A"][Rolle.FAGOPPLAERING], pop="kontrakter", vis="1", skolear="2026-2027")
    assert "Viser 1–1 av 1" in svar.content.decode() and "Elektro AS" in svar.content.decode()


def test_laerebedrifter_avgrenset_til_fylket(client, brukere, inntak):
    from tests.fagopplaering.fabrikker import lag_bedrift

    lag_bedrift(navn="Trønder Elektro AS", kommune=inntak.A.kommuner.first(), type="opplaeringskontor")
    lag_bedrift(navn="Oslo Rør AS", kommune=inntak.B.kommuner.first())
    svar = _hent(client, brukere["A"][Rolle.FAGOPPLAERING], pop="bedrifter", vis="1")
    tekst = svar.content.decode()
    assert "Viser 1–1 av 1" in tekst and "Trønder Elektro AS" in tekst and "Oslo Rør AS" not in tekst
    assert "Opplæringskontor" in tekst  # the code's name, not the code
    assert not Innsyn.objects.filter(handling="sok").exists()  # no personal columns by default
    assert "bedrifter" not in {p.nokkel for p in katalog.synlige(brukere["A"][Rolle.INNTAK])}


def test_siden_har_skjema_og_tilgjengelig_tabell(client, brukere, elever):
    svar = _hent(client, brukere["A"][Rolle.INNTAK], pop="elever", vis="1")
    tekst = svar.content.decode()
    assert 'hx-get="/rapporter/lister/?bare=utvalg"' in tekst and '<caption class="skjult">' in tekst
    assert 'tabindex="0"' in tekst and "Last ned CSV" in tekst and "personopplysning" in tekst
    rad = next(r for r in svar.context["rader"] if r[0] == elever["a1"].person.fodselsnummer)
    p = elever["a1"].person
    assert rad[1:4] == [f"{p.fornavn} {p.etternavn}", "2026-2027", "Charlottenlund vgs"]  # no double space


def test_skolearfilter_pa_sokere(client, brukere, lag_soknad, inntak):
    from inntak.models import Soknad

    lag_soknad()
    Soknad.objects.filter(pk=lag_soknad().pk).update(skolear=inntak.neste)
    svar = _hent(
        client, brukere["A"][Rolle.INNTAK], pop="sokere", vis="1", skolear="2026-2027", kol=["skolear"]
    )
    assert "Viser 1–1 av 1" in svar.content.decode() and svar.context["rader"] == [["2026-2027"]]
