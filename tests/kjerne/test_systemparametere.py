"""System parameters per county and school year: the registry, the default as fallback, the service (validation
with a Norwegian message per field, all or nothing, permission, history), the copy to the next school year with
the årshjul, the page per role, and that the intake services read them (svarfrist length, venteliste)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kodeverk.models import Skolear
from tests.inntak_kjoring.conftest import inntak, kjor, lag_soknad, soker  # noqa: F401  (fixtures)
from vigo import parametere as register
from vigo.models import Rolle, Systemparameter
from vigo.parametere import Parameter, Type
from vigo.parametere.selectors import parameter, parametere
from vigo.parametere.services import kopier_til_neste_skolear, sett_parametere

pytestmark = pytest.mark.django_db

AR = "2030-2031"


@pytest.fixture
def ar(kodeverk):
    return Skolear.objects.create(
        kode=AR, startdato=datetime.date(2030, 8, 1), sluttdato=datetime.date(2031, 7, 31), aktiv=True
    )


def admin(brukere, fylke="A"):
    return brukere[fylke][Rolle.FYLKESADMIN]


# --- registry and selector ---------------------------------------------------------------------------------------


def test_registeret_har_appenes_parametere_i_omradenes_rekkefolge():
    nokler = [p.nokkel for p in register.alle()]
    for nokkel in ("felles.avsender_navn", "felles.avsender_adresse", "inntak.maks_onsker",
                   "inntak.maks_onsker_per_utdanningsprogram", "inntak.maks_skoler_per_programomrade",
                   "inntak.soknadsfrist", "inntak.fortrinnsfrist", "inntak.svarfrist_dager",
                   "inntak.tillat_venteliste_ved_ja", "inntak.soker_velger_venteliste", "inntak.telledato_rett",
                   "fagopplaering.basistilskudd_1", "fagopplaering.utbetaling"):  # fmt: skip
        assert nokkel in nokler
    omrader = [p.omrade for p in register.alle()]
    assert omrader.index("felles") < omrader.index("inntak") < omrader.index("fagopplaering")
    assert omrader == sorted(omrader, key=["felles", "inntak", "fagopplaering"].index)
    assert {p.omrade for p in register.alle("inntak")} == {"inntak"}
    with pytest.raises(KeyError, match="ikke registrert"):
        register.hent("inntak.finnes_ikke")
    with pytest.raises(ValueError, match="Ugyldig parameternøkkel"):
        Parameter("inntak__dobbel", "X", Type.HELTALL, standard=1, omrade="inntak")


def test_standardverdien_gjelder_til_fylket_setter_egen(kodeverk, ar):
    a = kodeverk["A"]
    assert parameter(a, ar, "inntak.svarfrist_dager") == 7
    assert parameter(a.pk, AR, "inntak.soknadsfrist") == datetime.date(2030, 3, 1)
    assert parameter(a, ar.pk, "inntak.fortrinnsfrist") == datetime.date(2030, 2, 1)
    assert parameter(a, ar, "inntak.telledato_rett") == datetime.date(2030, 11, 1)
    assert parameter(a, ar, "felles.avsender_navn") == "Trøndelag fylkeskommune"
    assert parameter(a, ar, "fagopplaering.basistilskudd_1") == Decimal("0")
    # Defaults that still live on the county in the code register follow it.
    assert parameter(a, ar, "inntak.tillat_venteliste_ved_ja") is True
    a.tillat_venteliste_ved_ja, a.maks_onsker = False, 4
    a.save()
    assert parameter(a, ar, "inntak.tillat_venteliste_ved_ja") is False
    assert parameter(a, ar, "inntak.maks_onsker") == 4
    alle = parametere(a, ar, "inntak")
    assert set(alle) == {p.nokkel for p in register.alle("inntak")}
    assert alle["inntak.svarfrist_dager"] == 7


# --- the service -------------------------------------------------------------------------------------------------


def test_sett_parametere_lagrer_endringer_med_historikk(kodeverk, brukere, ar):
    a, fa = kodeverk["A"], admin(brukere)
    endret = sett_parametere(a, ar, {"inntak.svarfrist_dager": "10", "inntak.tillat_venteliste_ved_ja": "nei",
                                     "inntak.soknadsfrist": "2030-02-25", "fagopplaering.basistilskudd_1": "12 345,50",
                                     "inntak.maks_onsker": 6}, fa)  # fmt: skip
    # maks_onsker 6 is the default and was never set: not stored, so the default keeps applying.
    assert sorted(endret) == ["fagopplaering.basistilskudd_1", "inntak.soknadsfrist", "inntak.svarfrist_dager",
                              "inntak.tillat_venteliste_ved_ja"]  # fmt: skip
    assert parameter(a, ar, "inntak.svarfrist_dager") == 10
    assert parameter(a, ar, "inntak.tillat_venteliste_ved_ja") is False
    assert parameter(a, ar, "inntak.soknadsfrist") == datetime.date(2030, 2, 25)
    assert parameter(a, ar, "fagopplaering.basistilskudd_1") == Decimal("12345.50")
    assert not Systemparameter.objects.filter(nokkel="inntak.maks_onsker").exists()
    rad = Systemparameter.objects.get(fylke=a, skolear=ar, nokkel="inntak.svarfrist_dager")
    assert rad.endret_av == fa and rad.verdi == 10
    h = rad.history.get()
    assert (h.history_user, h.history_type, h.verdi) == (fa, "+", 10)
    # The same values again change nothing and write no history.
    assert sett_parametere(a, ar, {"inntak.svarfrist_dager": 10}, fa) == []
    assert rad.history.count() == 1
    sett_parametere(a, ar, {"inntak.svarfrist_dager": 14}, fa)
    assert list(rad.history.order_by("history_date").values_list("verdi", flat=True)) == [10, 14]
    # County B is untouched.
    assert parameter(kodeverk["B"], ar, "inntak.svarfrist_dager") == 7


def test_validering_gir_norsk_feil_per_felt_og_skriver_ingenting(kodeverk, brukere, ar):
    a, fa = kodeverk["A"], admin(brukere)
    with pytest.raises(ValidationError) as feil:
        sett_parametere(a, ar, {
            "inntak.svarfrist_dager": "0",
            "inntak.maks_onsker": "mange",
            "inntak.soknadsfrist": "31.02.2030",
            "fagopplaering.utbetaling": "hver dag",
            "felles.avsender_navn": "",
            "inntak.finnes_ikke": 1,
            "fagopplaering.basistilskudd_1": "1000",  # valid, but nothing is written when anything is wrong
        }, fa)  # fmt: skip
    meldinger = feil.value.message_dict
    assert set(meldinger) == {"inntak.svarfrist_dager", "inntak.maks_onsker", "inntak.soknadsfrist",
                              "fagopplaering.utbetaling", "felles.avsender_navn", "inntak.finnes_ikke"}  # fmt: skip
    assert meldinger["inntak.svarfrist_dager"] == ["Verdien må være større enn eller lik 1."]
    assert meldinger["inntak.maks_onsker"] == ["Oppgi et heltall."]
    assert meldinger["inntak.soknadsfrist"] == ["Oppgi en gyldig dato."]
    assert meldinger["fagopplaering.utbetaling"] == [
        "Velg et gyldig valg. hver dag er ikke et av de tilgjengelige valgene."
    ]
    assert meldinger["felles.avsender_navn"] == ["Dette feltet er påkrevd."]
    assert meldinger["inntak.finnes_ikke"] == ["Ukjent parameter."]
    assert not Systemparameter.objects.exists()
    assert not Systemparameter.history.exists()


def test_regler_pa_tvers_av_parametere(kodeverk, brukere, ar):
    a, fa = kodeverk["A"], admin(brukere)
    with pytest.raises(ValidationError) as feil:
        sett_parametere(a, ar, {"inntak.fortrinnsfrist": "2030-03-15", "inntak.maks_onsker": "4",
                                "inntak.maks_onsker_per_utdanningsprogram": "5",
                                "inntak.telledato_rett": "2029-11-01"}, fa)  # fmt: skip
    assert feil.value.message_dict == {
        "inntak.fortrinnsfrist": ["Fristen for fortrinn kan ikke være etter den ordinære søknadsfristen."],
        "inntak.maks_onsker_per_utdanningsprogram": [
            "Kan ikke være større enn maks antall ønsker per søker (4)."
        ],
        "inntak.telledato_rett": [f"Telledatoen må være i skoleåret {AR}."],
    }
    assert not Systemparameter.objects.exists()


def test_tilgangen_sjekkes_i_tjenesten(kodeverk, brukere, ar):
    a, b = kodeverk["A"], kodeverk["B"]
    verdier = {"inntak.svarfrist_dager": 9}
    with pytest.raises(PermissionDenied, match="Bare fylkesadministratoren i Oslo"):
        sett_parametere(b, ar, verdier, admin(brukere, "A"))  # another county's administrator
    for rolle in (Rolle.INNTAK, Rolle.FAGOPPLAERING, Rolle.LESE, Rolle.SKOLE):
        with pytest.raises(PermissionDenied):
            sett_parametere(a, ar, verdier, brukere["A"][rolle])
    with pytest.raises(PermissionDenied):
        sett_parametere(a, ar, verdier, None)
    assert not Systemparameter.objects.exists()
    assert sett_parametere(b, ar, verdier, brukere["A"][Rolle.SYSADMIN]) == ["inntak.svarfrist_dager"]
    assert sett_parametere(a, ar, verdier, admin(brukere, "A")) == ["inntak.svarfrist_dager"]


# --- copy to the next school year with the årshjul ---------------------------------------------------------------


def test_parameterne_kopieres_med_arshjulet(kodeverk, brukere):
    from arshjul import services as arshjul
    from tests.arshjul.conftest import importer

    a, fa = kodeverk["A"], admin(brukere)
    importer("2017-2018")
    sett_parametere(a, "2017-2018", {"inntak.soknadsfrist": "2017-02-27", "inntak.svarfrist_dager": 12,
                                     "felles.avsender_adresse": "Inntak\nPostboks 2\n7004 Trondheim"}, fa)  # fmt: skip
    arshjul.sikre_skolear("2018-2019")
    sett_parametere(a, "2018-2019", {"inntak.svarfrist_dager": 5}, fa)  # already set in the new year: kept
    sett_parametere(kodeverk["B"], "2017-2018", {"inntak.svarfrist_dager": 20}, admin(brukere, "B"))

    ut = arshjul.kopier_til_neste_ar(a, "2017-2018", fa)

    assert ut.til_skolear == "2018-2019" and ut.opprettet > 0
    assert ut.parametere == 2
    assert parameter(a, "2018-2019", "inntak.soknadsfrist") == datetime.date(2018, 2, 27)  # dates one year on
    assert parameter(a, "2018-2019", "felles.avsender_adresse") == "Inntak\nPostboks 2\n7004 Trondheim"
    assert parameter(a, "2018-2019", "inntak.svarfrist_dager") == 5
    assert parameter(kodeverk["B"], "2018-2019", "inntak.svarfrist_dager") == 7  # only the county's own
    h = Systemparameter.history.get(fylke=a, skolear_id="2018-2019", nokkel="inntak.soknadsfrist")
    assert h.history_user == fa and h.history_change_reason == "Kopiert fra 2017-2018"
    assert kopier_til_neste_skolear(a, "2017-2018", "2018-2019") == 0  # twice is harmless


def test_skuddardag_flyttes_til_28_februar(kodeverk, brukere):
    from arshjul.services import sikre_skolear

    a = kodeverk["A"]
    sikre_skolear("2028-2029"), sikre_skolear("2029-2030")
    sett_parametere(a, "2028-2029", {"inntak.soknadsfrist": "2028-02-29"}, admin(brukere))
    assert kopier_til_neste_skolear(a, "2028-2029", "2029-2030") == 1
    assert parameter(a, "2029-2030", "inntak.soknadsfrist") == datetime.date(2029, 2, 28)


# --- the page ----------------------------------------------------------------------------------------------------


def _side(client, bruker, **q):
    client.force_login(bruker)
    return client.get(reverse("systemparametere"), {"skolear": AR, **q})


def _skjemadata(svar) -> dict:
    skjema = svar.context["skjema"]
    return {navn: skjema[navn].value() for navn in skjema.fields}


def test_siden_for_fylkesadmin_endrer_i_ett_skjema(client, kodeverk, brukere, ar):
    fa = admin(brukere)
    svar = _side(client, fa)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "Systemparametere – Trøndelag" in html
    for omrade in ("Felles", "Inntak", "Fagopplæring"):
        assert f"<legend>{omrade}</legend>" in html
    assert '<label for="id_inntak__svarfrist_dager">Svarfrist (dager):</label>' in html
    assert 'aria-describedby="id_inntak__svarfrist_dager_helptext"' in html
    assert "<legend>Tillat «ja og stå på venteliste»</legend>" in html  # a yes/no is a group with a legend
    assert "Standardverdi:" in html and "Ikke endret: standardverdien gjelder." in html

    data = {**_skjemadata(svar), "inntak__svarfrist_dager": "10", "inntak__tillat_venteliste_ved_ja": "nei"}
    svar = client.post(f"{reverse('systemparametere')}?skolear={AR}", data)
    assert svar.status_code == 302 and svar["Location"].endswith(f"?skolear={AR}")
    assert parameter(kodeverk["A"], ar, "inntak.svarfrist_dager") == 10
    assert parameter(kodeverk["A"], ar, "inntak.tillat_venteliste_ved_ja") is False
    assert Systemparameter.objects.count() == 2  # the unchanged defaults were not stored

    html = client.get(reverse("systemparametere"), {"skolear": AR}).content.decode()
    assert "Fylket har egen verdi." in html and "Historikk (1 endring)" in html


def test_feil_i_skjemaet_vises_i_oppsummering_og_ingenting_lagres(client, kodeverk, brukere, ar):
    svar = _side(client, admin(brukere))
    data = {**_skjemadata(svar), "inntak__svarfrist_dager": "0", "inntak__fortrinnsfrist": "2030-04-01",
            "fagopplaering__basistilskudd_1": "1000"}  # fmt: skip
    svar = client.post(f"{reverse('systemparametere')}?skolear={AR}", data)
    assert svar.status_code == 200
    html = svar.content.decode()
    assert 'id="feiloppsummering"' in html
    assert (
        '<a href="#id_inntak__svarfrist_dager">Svarfrist (dager): Verdien må være større enn eller lik 1.</a>'
        in html
    )
    assert not Systemparameter.objects.exists()
    # The form is valid but a rule across parameters is broken: the service's message on the field.
    data["inntak__svarfrist_dager"] = "10"
    html = client.post(f"{reverse('systemparametere')}?skolear={AR}", data).content.decode()
    assert ('<a href="#id_inntak__fortrinnsfrist">Søknadsfrist for fortrinn og individuell behandling: Fristen for '
            "fortrinn kan ikke være etter den ordinære søknadsfristen.</a>") in html  # fmt: skip
    assert not Systemparameter.objects.exists()


def test_saksbehandler_ser_uten_skjema_andre_far_403(client, kodeverk, brukere, ar):
    sett_parametere(kodeverk["A"], ar, {"inntak.svarfrist_dager": 10}, admin(brukere))
    for rolle in (Rolle.INNTAK, Rolle.FAGOPPLAERING, Rolle.LESE):
        svar = _side(client, brukere["A"][rolle])
        html = svar.content.decode()
        assert svar.status_code == 200, rolle
        assert (
            '<form method="post" novalidate>' not in html
            and "Bare fylkesadministratoren kan endre dem." in html
        )
        assert "10 dager" in html and "(egen verdi)" in html
        assert client.post(reverse("systemparametere") + f"?skolear={AR}", {}).status_code == 403
    assert _side(client, brukere["A"][Rolle.SKOLE]).status_code == 403
    # Another county's administrator sees its own county whatever the address says.
    svar = _side(client, admin(brukere, "B"), fylke="50")
    assert "Systemparametere – Oslo" in svar.content.decode() and "10 dager" not in svar.content.decode()


def test_systemadministrator_velger_fylke(client, kodeverk, brukere, ar):
    sys = brukere["A"][Rolle.SYSADMIN]
    svar = _side(client, sys, fylke="03")
    assert "Systemparametere – Oslo" in svar.content.decode() and svar.context["kan_endre"]
    data = {**_skjemadata(svar), "inntak__svarfrist_dager": "3"}
    svar = client.post(f"{reverse('systemparametere')}?skolear={AR}&fylke=03", data)
    assert svar.status_code == 302
    assert parameter(kodeverk["B"], ar, "inntak.svarfrist_dager") == 3
    assert parameter(kodeverk["A"], ar, "inntak.svarfrist_dager") == 7


def test_historikken_viser_fra_og_til_og_blas(client, kodeverk, brukere, ar):
    fa = admin(brukere)
    for dager in range(10, 40):  # 30 changes: two pages
        sett_parametere(kodeverk["A"], ar, {"inntak.svarfrist_dager": dager}, fa)
    client.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("systemparameter_historikk", args=["inntak.svarfrist_dager"])
    html = client.get(url, {"skolear": AR}).content.decode()
    assert "Side 1 av 2" in html
    assert '<td class="bevar-linjer">38 dager</td>\n      <td class="bevar-linjer">39 dager</td>' in html
    html = client.get(url, {"skolear": AR, "side": 2}).content.decode()
    assert (
        '<td class="bevar-linjer">Standardverdien</td>\n      <td class="bevar-linjer">10 dager</td>' in html
    )
    assert (
        client.get(reverse("systemparameter_historikk", args=["finnes.ikke"]), {"skolear": AR}).status_code
        == 404
    )
    client.force_login(brukere["A"][Rolle.SKOLE])
    assert client.get(url, {"skolear": AR}).status_code == 403


# --- the intake services read the parameters ---------------------------------------------------------------------


def test_publiser_runde_bruker_fylkets_svarfrist(inntak, soker, kjor, brukere):  # noqa: F811
    from tests.fabrikker import publiser

    soker("Anne A", "50.00", onsker=["hs", "el", "st"])
    idag = datetime.date(2026, 6, 20)
    sim = kjor(simulering=True)
    sett_parametere(inntak.A, inntak.ar, {"inntak.svarfrist_dager": 10}, admin(brukere))
    ik = publiser(kjor(simulering=False), idag=idag)
    assert ik.svarfrist == idag + datetime.timedelta(days=10)
    assert sim.svarfrist is None


def test_svar_folger_fylkets_venteliste_parameter(inntak, soker, kjor, brukere):  # noqa: F811
    from inntak.kjoring import svar
    from tests.fabrikker import publiser

    inntak.t["hs"].plasser = 1
    inntak.t["hs"].save()
    soker("Anne A", "50.00", onsker=["hs", "el", "st"])
    cecilie = soker("Cecilie C", "40.00", onsker=["hs", "el", "st"])  # gets el, waits for hs
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    sett_parametere(inntak.A, inntak.ar, {"inntak.tillat_venteliste_ved_ja": False}, admin(brukere))
    assert inntak.A.tillat_venteliste_ved_ja  # the code register's value is only the default
    with pytest.raises(ValidationError, match="tillater ikke"):
        svar.registrer_svar(ik, cecilie, "ja_venteliste", venteliste_tilbud=[inntak.t["hs"].pk])
    assert parameter(inntak.A, inntak.neste, "inntak.tillat_venteliste_ved_ja") is True  # per school year
    sett_parametere(inntak.A, inntak.ar, {"inntak.tillat_venteliste_ved_ja": True}, admin(brukere))
    rad = svar.registrer_svar(ik, cecilie, "ja_venteliste", venteliste_tilbud=[inntak.t["hs"].pk])
    assert rad.venteliste_tilbud == [inntak.t["hs"].pk]
