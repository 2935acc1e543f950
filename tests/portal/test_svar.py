"""The applicant answers the offer from «Min side» (/soker/svar/<søknad>/): only the fitting answers, waitlist
choices where the county allows them, «nei» only after a confirmation, only the applicant's own søknad, only
before the svarfrist – and the case log says the applicant did it."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone

from inntak.kjoring import svar as svartjeneste
from inntak.models import Svar
from tests.fabrikker import (
    PersonFactory,
    bare_ungdomsrett_krever_tre_utdanningsprogram,
    publiser,
    syntetisk_fnr,
)
from tests.inntak_kjoring.conftest import kjor, sett_poeng  # noqa: F401  (fixture)
from tests.portal.conftest import ny_klient
from tests.portal.test_min_side import logg_inn

pytestmark = pytest.mark.django_db


def _frist() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=14)


@pytest.fixture
def runde(inntak, lag_soknad, kjor):  # noqa: F811
    """hs: 1 place. Anne 50 gets hs (wish 1); Bjørn 40 gets el (wish 2) and waits for hs; Vera 30 wishes only
    hs: no place, waitlist only (an adult). Published with a svarfrist two weeks ahead."""
    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    inntak.t["el"].plasser = 5
    inntak.t["el"].save()
    bare_ungdomsrett_krever_tre_utdanningsprogram(inntak.A, inntak.ar)  # Vera: no rett, one programme

    def lag(fornavn, poeng, onsker, fodt=None, **kw):
        person = PersonFactory(fornavn=fornavn, etternavn="Svarsen", fylke=inntak.A,
                               **({"fodselsnummer": syntetisk_fnr(fodt)} if fodt else {}))  # fmt: skip
        s = lag_soknad(person=person, onsker=onsker, **kw)
        sett_poeng(s, poeng)
        return s

    anne = lag("Anne", "50.00", ["hs", "el", "st"])
    bjorn = lag("Bjørn", "40.00", ["hs", "el", "st"])
    vera = lag("Vera", "30.00", ["hs"], fodt=datetime.date(2000, 1, 1), rettstatus="uten_rett")
    ik = publiser(kjor(simulering=False), svarfrist=_frist())
    return {"ik": ik, "anne": anne, "bjorn": bjorn, "vera": vera}


def _rad(ik, soknad):
    return Svar.objects.filter(inntakskjoring=ik, soknad=soknad).first()


def _url(soknad) -> str:
    return f"/soker/svar/{soknad.pk}/"


def test_ja_lagres_med_melding_og_tidspunkt(klient, runde):
    anne, ik = runde["anne"], runde["ik"]
    logg_inn(klient, anne.person)
    html = klient.get("/soker/").content.decode()
    skjema = html.split('class="svarskjema"')[1].split("</form>")[0]
    assert "<legend>Svar på tilbudet</legend>" in skjema
    assert 'value="ja"' in skjema and 'value="nei"' in skjema
    assert (
        'value="venteliste"' not in skjema and 'value="ja_venteliste"' not in skjema
    )  # 1st wish: no waitlist
    svar = klient.post(_url(anne), {"svar": "ja"}, follow=True)
    html = svar.content.decode()
    assert "Svaret ditt er registrert." in html
    rad = _rad(ik, anne)
    assert rad.svar == "ja" and rad.registrert_av is None
    assert "Svaret ditt: Ja (registrert " in html and f"{timezone.localtime(rad.besvart):%H:%M}" in html
    assert "<legend>Endre svaret ditt</legend>" in html


def test_ja_og_venteliste_paa_valgt_hoyere_onske(klient, runde, inntak):
    bjorn, ik, t = runde["bjorn"], runde["ik"], inntak.t
    logg_inn(klient, bjorn.person)
    html = klient.get("/soker/").content.decode()
    assert 'value="ja_venteliste"' in html
    assert f"1. ønske: {t['hs'].programomrade.navn} – {t['hs'].skole.navn} (nr. 1 på ventelisten)" in html
    # Without a chosen wish: refused with a message, nothing saved.
    html = klient.post(_url(bjorn), {"svar": "ja_venteliste"}, follow=True).content.decode()
    assert "Velg minst ett høyere ønske" in html and _rad(ik, bjorn) is None
    klient.post(_url(bjorn), {"svar": "ja_venteliste", "venteliste_tilbud": [t["hs"].pk]})
    rad = _rad(ik, bjorn)
    assert rad.svar == "ja_venteliste" and rad.venteliste_tilbud == [t["hs"].pk]


def test_ja_og_venteliste_avvises_der_fylket_ikke_tillater_det(klient, runde, inntak):
    bjorn, ik, t = runde["bjorn"], runde["ik"], inntak.t
    inntak.A.tillat_venteliste_ved_ja = False
    inntak.A.save()
    logg_inn(klient, bjorn.person)
    html = klient.get("/soker/").content.decode()
    assert 'value="ja_venteliste"' not in html and 'name="venteliste_tilbud"' not in html
    html = klient.post(_url(bjorn), {"svar": "ja_venteliste", "venteliste_tilbud": [t["hs"].pk]}, follow=True)
    assert "Velg et gyldig valg" in html.content.decode()
    assert _rad(ik, bjorn) is None


def test_fylket_lar_sokeren_sta_pa_alle_hoyere_onsker(klient, runde, inntak, brukere):
    from vigo.models import Rolle
    from vigo.parametere.services import sett_parametere

    bjorn, ik, t = runde["bjorn"], runde["ik"], inntak.t
    sett_parametere(inntak.A, inntak.ar, {"inntak.soker_velger_venteliste": "nei"},
                    brukere["A"][Rolle.FYLKESADMIN])  # fmt: skip
    logg_inn(klient, bjorn.person)
    html = klient.get("/soker/").content.decode()
    assert 'value="ja_venteliste"' in html and 'name="venteliste_tilbud"' not in html
    assert "står du på venteliste til alle de høyere ønskene dine" in html
    klient.post(_url(bjorn), {"svar": "ja_venteliste"})
    assert _rad(ik, bjorn).venteliste_tilbud == [t["hs"].pk]


def test_venteliste_uten_tilbud(klient, runde, inntak):
    vera, ik = runde["vera"], runde["ik"]
    logg_inn(klient, vera.person)
    html = klient.get("/soker/").content.decode()
    skjema = html.split('class="svarskjema"')[1].split("</form>")[0]
    assert 'value="venteliste"' in skjema and 'value="ja"' not in skjema
    klient.post(_url(vera), {"svar": "venteliste"})
    rad = _rad(ik, vera)
    assert rad.svar == "venteliste" and rad.venteliste_tilbud == [inntak.t["hs"].pk]


def test_nei_bare_etter_bekreftelse(klient, runde):
    anne, ik = runde["anne"], runde["ik"]
    logg_inn(klient, anne.person)
    svar = klient.post(_url(anne), {"svar": "nei"})
    html = svar.content.decode()
    assert svar.status_code == 200 and "Du går ut av inntaket" in html
    assert "Du sier fra deg plassen" in html and 'name="bekreft" value="1"' in html
    assert _rad(ik, anne) is None  # nothing recorded yet
    svar = klient.post(_url(anne), {"svar": "nei", "bekreft": "1"}, follow=True)
    assert "Svaret ditt er registrert." in svar.content.decode()
    anne.refresh_from_db()
    assert _rad(ik, anne).svar == "nei" and anne.status == "trukket"
    html = klient.get("/soker/").content.decode()
    assert 'class="svarskjema"' not in html  # «nei» is final


def test_annen_sokers_soknad_gir_404(klient, runde):
    anne, bjorn, ik = runde["anne"], runde["bjorn"], runde["ik"]
    logg_inn(klient, anne.person)
    assert klient.post(_url(bjorn), {"svar": "ja"}).status_code == 404
    assert klient.post(_url(bjorn), {"svar": "nei", "bekreft": "1"}).status_code == 404
    assert klient.post("/soker/svar/999999/", {"svar": "ja"}).status_code == 404
    assert _rad(ik, bjorn) is None
    assert klient.get(_url(anne)).status_code == 405  # POST only


def test_krever_innlogging(klient, runde):
    svar = klient.post(_url(runde["anne"]), {"svar": "ja"})
    assert svar.status_code == 302 and svar["Location"].startswith("/innlogging/soker/")


def test_etter_behandlet_svarfrist_er_skjemaet_borte(klient, runde):
    anne, ik = runde["anne"], runde["ik"]
    svartjeneste.behandle_svarfrist(ik, idag=ik.svarfrist + datetime.timedelta(days=1))
    logg_inn(klient, anne.person)
    html = klient.get("/soker/").content.decode()
    assert 'class="svarskjema"' not in html
    assert "Svarfristen er ute, og svaret kan ikke lenger endres." in html
    html = klient.post(_url(anne), {"svar": "ja"}, follow=True).content.decode()
    assert "Svarfristen er ute, og svaret kan ikke lenger endres." in html
    assert _rad(ik, anne).svar == "frist_oversittet"


def test_etter_svarfristen_kan_svaret_ikke_endres(klient, runde):
    anne, ik = runde["anne"], runde["ik"]
    type(ik).objects.filter(pk=ik.pk).update(svarfrist=timezone.localdate() - datetime.timedelta(days=1))
    logg_inn(klient, anne.person)
    assert 'class="svarskjema"' not in klient.get("/soker/").content.decode()
    html = klient.post(_url(anne), {"svar": "ja"}, follow=True).content.decode()
    assert "Svarfristen er ute" in html and _rad(ik, anne) is None


def test_csrf_kreves(klient, runde):
    anne = runde["anne"]
    logg_inn(klient, anne.person)
    streng = ny_klient(enforce_csrf_checks=True)
    streng.cookies = klient.cookies  # the same applicant session, but the token is checked
    assert streng.post(_url(anne), {"svar": "ja"}).status_code == 403
    assert _rad(runde["ik"], anne) is None


def test_loggen_sier_at_sokeren_svarte_uten_fodselsnummer(klient, runde, caplog):
    anne = runde["anne"]
    caplog.set_level(logging.DEBUG)
    logg_inn(klient, anne.person)
    klient.post(_url(anne), {"svar": "ja"})
    rader = list(anne.logg.filter(handling="svar").order_by("pk"))
    assert [r.tekst for r in rader] == [
        "Svar på runde 1: Ja.",
        "Svar registrert av søkeren i søkerportalen: Ja, jeg tar imot plassen.",
    ]
    assert all(r.bruker is None for r in rader)
    tekst = "\n".join(r.getMessage() for r in caplog.records) + "\n".join(r.tekst for r in rader)
    for verdi in (anne.person.fodselsnummer, anne.person.fornavn, anne.person.etternavn):
        assert verdi not in tekst


def test_mindrearig_far_beskjed_om_kopi_til_foresatte(klient, runde):
    logg_inn(klient, runde["bjorn"].person)  # born 2009: under 18 at the offer
    assert "Foresatte får en kopi av brevet" in klient.get("/soker/").content.decode()
    voksen = ny_klient()
    logg_inn(voksen, runde["vera"].person)  # born 2000
    html = voksen.get("/soker/").content.decode()
    assert 'class="svarskjema"' in html and "Foresatte får en kopi av brevet" not in html


def test_svarskjemaet_paa_nynorsk(klient, runde):
    klient.post("/i18n/setlang/", {"language": "nn", "next": "/soker/"})
    logg_inn(klient, runde["anne"].person)
    html = klient.get("/soker/").content.decode()
    assert "<legend>Svar på tilbodet</legend>" in html and "Ja, eg tek imot plassen" in html
    html = klient.post(_url(runde["anne"]), {"svar": "nei"}).content.decode()
    assert "Stadfest at du går ut av inntaket" in html


def test_tilbudsbrevet_som_pdf_bare_for_egen_soknad(klient, runde):
    from vigo.models import Innsyn

    anne, bjorn = runde["anne"], runde["bjorn"]
    logg_inn(klient, anne.person)
    assert f'href="/soker/tilbudsbrev/{anne.pk}/"' in klient.get("/soker/").content.decode()
    svar = klient.get(f"/soker/tilbudsbrev/{anne.pk}/")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert (
        svar.content.startswith(b"%PDF")
        and svar["Content-Disposition"] == 'inline; filename="tilbudsbrev_runde1.pdf"'
    )
    rad = Innsyn.objects.get(person=anne.person, handling=Innsyn.Handling.NEDLASTING)
    assert rad.aktor == "søker" and rad.bruker is None and "tilbudsbrev runde 1" in rad.hva
    assert klient.get(f"/soker/tilbudsbrev/{bjorn.pk}/").status_code == 404
    assert not Innsyn.objects.filter(person=bjorn.person, handling=Innsyn.Handling.NEDLASTING).exists()
