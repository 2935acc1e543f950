"""Caseworker pages: landing page, search, applicant page with the points explanation, wish reordering, tilbud
lists, the person-page section, audit, and county/school scoping in pages and admin."""

import pytest
from django.urls import reverse

from inntak.poeng_sql import beregn_poeng, regelsett_for
from tests.fabrikker import PersonFactory, bare_ungdomsrett_krever_tre_utdanningsprogram, sett_karakterer
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db


def _karakterer(person):
    rader = [{"fag": f, "vurdering": "standpunkt", "karakter": k} for f, k in
             (("NOR0214", "4"), ("NOR0215", "4"), ("NOR0216", "4"), ("ENG0012", "5"), ("MAT0010", "4"),
              ("NAT0010", "4"), ("SAF0010", "4"), ("RLE0030", "4"))]  # fmt: skip
    sett_karakterer(person, rader, "manuell")


@pytest.fixture
def data(lag_soknad, inntak):
    a = lag_soknad(person=PersonFactory(fylke=inntak.A, fornavn="Astrid", etternavn="Aasen"))
    bare_ungdomsrett_krever_tre_utdanningsprogram(inntak.A, inntak.ar)  # a2: no rett, two programmes
    a2 = lag_soknad(
        person=PersonFactory(fylke=inntak.A, fornavn="Arne", etternavn="Byaas"),
        onsker=["st2", "hs2"],
        rettstatus="uten_rett",
    )
    b = lag_soknad(person=PersonFactory(fylke=inntak.B, fornavn="Bjørg", etternavn="Oslosen"), fylke=inntak.B)
    _karakterer(a.person)
    beregn_poeng(fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk, regelsett=regelsett_for("2026-2027"))
    return {"a": a, "a2": a2, "b": b}


def test_forside_viser_antall_per_niva_lenker_og_jobber(client, brukere, data):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:index")).content.decode()
    assert "Søknader per nivå" in html and ">2</td>" in html  # two Vg1 søknader in county A
    assert "1A001 Kopiere klasseordning" in html and "1P001 Beregn poeng" in html
    assert reverse("inntak:arbeidsko") in html and reverse("inntak:sok") in html


def test_sok_pa_navn_fnr_skole_og_kategori(client, brukere, data, inntak):
    client.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("inntak:sok")
    html = client.get(url, {"q": "aas"}).content.decode()
    assert "Aasen" in html and "Byaas" in html and "Oslosen" not in html
    assert "Aasen" in client.get(url, {"q": data["a"].person.fodselsnummer}).content.decode()
    html = client.get(url, {"skole": inntak.kv["skole_a2"].pk}).content.decode()
    assert "Byaas" in html and "Aasen" not in html
    html = client.get(url, {"tilbud": inntak.t["st"].pk}).content.decode()
    assert "Aasen" in html and "Byaas" not in html
    assert "Ingen treff" in client.get(url, {"kategori": "FOR615"}).content.decode()
    delvis = client.get(url, {"q": "Oslosen"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in delvis and "Ingen treff" in delvis
    assert Innsyn.objects.filter(handling="sok").count() == 6


def test_sokerside_viser_forklaring_og_logges(client, brukere, data):
    bruker = brukere["A"][Rolle.INNTAK]
    client.force_login(bruker)
    s = data["a"]
    url = reverse("inntak:soknad", args=[s.pk])
    html = client.get(url, {"fane": "poeng"}).content.decode()  # the applicant page's Poeng tab
    assert 'id="poengsum">41,30<' in html  # 33 / 8 = 4.125 -> 4.13 -> 41.30 (half up)
    assert "Forklaring, linje for linje" in html
    assert "Gjennomsnitt: 33,00 / 8 = 4,125 → 4,13." in html and "Poeng: 4,13 × 10 = 41,30." in html
    # 2026-2027 follows opplæringsforskrifta 2024: every line cites the new section
    assert (
        "NOR0214 (Norsk hovedmål, skriftlig), standpunkt: 4 – teller 4 (opplæringsforskrifta § 4-19 første ledd bokstav a)."
        in html
    )
    html = client.get(url, {"fane": "logg"}).content.decode()
    assert "Saksbehandlingslogg" in html and "Søknad registrert" in html and "Endringshistorikk" in html
    assert Innsyn.objects.filter(handling="vis", person=s.person, bruker=bruker).count() == 2  # one per tab


def test_flytt_onske_med_htmx_og_uten_javascript(client, brukere, data, inntak):
    client.force_login(brukere["A"][Rolle.INNTAK])
    s = data["a"]
    el = s.onsker.get(nr=3)
    url = reverse("inntak:flytt_onske", args=[s.pk, el.pk])
    delvis = client.post(url, {"retning": "opp"}, HTTP_HX_REQUEST="true").content.decode()
    assert (
        "<html" not in delvis and "er flyttet til ønske 2" in delvis and f'data-fokus="opp-{el.pk}"' in delvis
    )
    assert list(s.onsker.order_by("nr").values_list("tilbud_id", flat=True)) == [
        inntak.t[k].pk for k in ("st", "el", "hs")
    ]
    resp = client.post(url, {"retning": "ned"})
    assert resp.status_code == 302 and s.onsker.get(pk=el.pk).nr == 3
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.post(url, {"retning": "opp"}).status_code == 403
    client.force_login(brukere["B"][Rolle.INNTAK])
    assert client.post(url, {"retning": "opp"}).status_code == 404


def test_tilbudssider(client, brukere, data, inntak):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:tilbud_liste")).content.decode()
    assert "Charlottenlund vgs" in html and "Oslo katedralskole" not in html
    html = client.get(reverse("inntak:tilbud", args=[inntak.t["st"].pk])).content.decode()
    assert "Aasen" in html and "41,30" in html and "Byaas" not in html
    assert client.get(reverse("inntak:tilbud", args=[inntak.t["b_st"].pk])).status_code == 404


@pytest.mark.parametrize("rolle", [Rolle.INNTAK, Rolle.FYLKESADMIN, Rolle.LESE])
def test_fylke_b_ser_ingenting_fra_fylke_a(client, brukere, data, rolle):
    client.force_login(brukere["B"][rolle])
    assert client.get(reverse("inntak:soknad", args=[data["a"].pk])).status_code == 404
    html = client.get(reverse("inntak:sok"), {"q": "a"}).content.decode()
    assert "Aasen" not in html and "Byaas" not in html
    assert client.get(reverse("inntak:soknad", args=[data["b"].pk])).status_code == 200


def test_skolebruker_ser_bare_sokere_til_egen_skole(client, brukere, data):
    skole = brukere["A"][Rolle.SKOLE]  # Charlottenlund vgs (skole_a)
    client.force_login(skole)
    html = client.get(reverse("inntak:sok")).content.decode()
    assert "Aasen" in html and "Byaas" not in html
    assert client.get(reverse("inntak:soknad", args=[data["a"].pk])).status_code == 200
    assert client.get(reverse("inntak:soknad", args=[data["a2"].pk])).status_code == 404
    # The core person register follows the school link registered by inntak.
    assert client.get(reverse("person_detalj", args=[data["a"].person.pk])).status_code == 200
    assert client.get(reverse("person_detalj", args=[data["a2"].person.pk])).status_code == 404


def test_admin_viser_bare_eget_fylke(client, brukere, data):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    html = client.get(reverse("admin:inntak_soknad_changelist")).content.decode()
    assert "Aasen" in html and "Oslosen" not in html
    assert client.get(reverse("admin:inntak_soknad_change", args=[data["b"].pk])).status_code == 302
    assert client.get(reverse("admin:inntak_soknad_change", args=[data["a"].pk])).status_code == 200
    assert Innsyn.objects.filter(handling="vis", person=data["a"].person).exists()
    html = client.get(reverse("admin:inntak_karakter_changelist")).content.decode()
    assert "NOR0214" in html
    client.force_login(brukere["B"][Rolle.FYLKESADMIN])
    assert "NOR0214" not in client.get(reverse("admin:inntak_karakter_changelist")).content.decode()


def test_personfane_pa_kjernens_personside(client, brukere, data):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("person_detalj", args=[data["a"].person.pk])).content.decode()
    assert "Søknader" in html and reverse("inntak:soknad", args=[data["a"].pk]) in html and "41,30" in html


def test_arbeidsko_side(client, brukere, lag_soknad):
    s = lag_soknad(behandlingskategori="IND622", person=PersonFactory(etternavn="Koesen"))
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("inntak:arbeidsko")).content.decode()
    assert "Koesen" in html and reverse("inntak:vedtak", args=[s.pk]) in html


def test_gjesteelev_er_synlig_for_fylket_som_behandler_soknaden(client, brukere, lag_soknad, inntak):
    """A person owned by county B who applies in county A shows up for A's caseworkers; not for others in B's."""
    from django.urls import reverse

    from tests.fabrikker import PersonFactory
    from vigo.models import Rolle

    gjest = PersonFactory(fylke=inntak.B, fornavn="Gunnhild", etternavn="Gjesteelev")
    uten_soknad = PersonFactory(fylke=inntak.B, fornavn="Bent", etternavn="Bortenfor")
    lag_soknad(person=gjest)
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.get(reverse("person_detalj", args=[gjest.pk])).status_code == 200
    assert client.get(reverse("person_detalj", args=[uten_soknad.pk])).status_code == 404
    html = client.get(reverse("person_liste"), {"q": "Gunnhild"}).content.decode()
    assert "Gjesteelev" in html


def test_admin_endrer_ikke_soknader_forbi_tjenestene(client, brukere, data):
    """Even a system administrator cannot change a søknad or its wishes in the admin: only the validating services."""
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    url = reverse("admin:inntak_soknad_change", args=[data["a"].pk])
    html = client.get(url).content.decode()
    assert 'name="_save"' not in html  # read-only view
    assert client.post(url, {"niva": "VG3", "rettstatus": "uten_rett"}).status_code == 403
    data["a"].refresh_from_db()
    assert data["a"].niva == "VG1"
    assert client.get(reverse("admin:inntak_soknad_add")).status_code == 403


def test_dashbordet_viser_inntakspanelet(client, brukere, data):
    client.force_login(brukere["A"][Rolle.INNTAK])
    html = client.get(reverse("dashboard")).content.decode()
    assert "Inntak 2026-2027" in html and "venter på vedtak" in html
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])  # no intake rights: no panel
    assert "Inntak 2026-2027" not in client.get(reverse("dashboard")).content.decode()


def test_admin_poeng_og_historikk_logges(client, brukere, data):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    person = data["a"].person
    assert client.get(reverse("admin:inntak_poeng_change", args=[data["a"].pk])).status_code == 200
    assert Innsyn.objects.filter(person=person, hva__contains="poeng").exists()
    versjon = data["a"].history.first()
    url = reverse("admin:inntak_soknad_simple_history", args=[data["a"].pk, versjon.history_id])
    assert client.get(url).status_code == 200
    assert Innsyn.objects.filter(person=person, hva__contains="historikk for").exists()
