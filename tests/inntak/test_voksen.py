"""Intake of adults (opplæringsforskrifta kapittel 13): the § 13-4 rule module, placement without waitlists,
capacity, idempotence, the status table, permissions per role, wish validation, the job, the command, demo data."""

from __future__ import annotations

import datetime
import io
import json
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from inntak.models import (
    Onske,
    Saksbehandlingslogg,
    Soknad,
    Tilbud,
    Venteliste,
    Voksenplass,
)
from inntak.models.voksen import VoksenplassStatus
from inntak.motor.prioritet_voksen import SokerVoksen, fordel, ordne_voksne, prioritet_voksen
from inntak.validering import valider_onsker
from inntak.voksen import selectors, services
from kodeverk.models import Behandlingskategori
from tests.fabrikker import PersonFactory
from vigo.models import Rolle

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


# --- The rule module (no database) ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hjemmel", "gruppe", "lov"),
    [
        ("18-3", 1, "§ 18-3"),
        ("18-6", 1, "§ 18-6"),
        ("18-4", 2, "§ 18-4"),
        ("18-7", 3, "§ 18-7"),
        ("", 4, None),
    ],
)
def test_prioritet_voksen_grupper_og_forklaring(hjemmel, gruppe, lov):
    p = prioritet_voksen(hjemmel, T0)
    assert p.gruppe == gruppe
    assert all("§ 13-4" in linje for linje in p.forklaring), p.forklaring
    if lov:
        assert any(lov in linje for linje in p.forklaring)
    assert "Rogaland" in p.forklaring[-1] and "2. mars 2026 kl. 09.00" in p.forklaring[-1]


def test_prioritet_voksen_ukjent_hjemmel_og_ikke_komplett():
    with pytest.raises(ValueError, match="§ 13-4"):
        prioritet_voksen("18-9", T0)
    assert "ikke komplett" in prioritet_voksen("18-3", None).forklaring[-1]


def test_ordne_voksne_gruppe_foer_tid_og_tid_innen_gruppe():
    t = lambda timer: T0 + datetime.timedelta(hours=timer)  # noqa: E731
    sokere = [
        SokerVoksen("uten", "", t(0)),
        SokerVoksen("pabygg", "18-7", t(1)),
        SokerVoksen("rett_sen", "18-3", t(5)),
        SokerVoksen("rett_tidlig", "18-6", t(2)),
        SokerVoksen("rekval", "18-4", t(3)),
        SokerVoksen("ufullstendig", "18-3", None),
        SokerVoksen("10", "18-4", t(9)),
        SokerVoksen("9", "18-4", t(9)),
    ]
    rekke = ordne_voksne(sokere)
    assert [s.id for s, _ in rekke] == [
        "rett_tidlig", "rett_sen", "rekval", "9", "10", "pabygg", "uten", "ufullstendig",
    ]  # fmt: skip
    forklaring = dict((s.id, p.forklaring) for s, p in rekke)
    assert "søknadsnummer" in " ".join(forklaring["9"])  # same instant: by number, said in the explanation
    assert forklaring["rett_tidlig"][-1] == "Plass 1 i rekkefølgen etter § 13-4."


def test_fordel_uten_ventelister_hoyeste_ledige_onske():
    tildelt, venter = fordel([("a", [(1, 10), (2, 20)]), ("b", [(1, 10), (3, 20)]), ("c", [(1, 10)]), ("d", [])],
                             {10: 1, 20: 1})  # fmt: skip
    assert tildelt == [("a", 10, 1), ("b", 20, 3)]
    assert venter == [("c", "fullt"), ("d", "ingen_onsker")]


# --- Database fixtures -------------------------------------------------------------------------------------------
@pytest.fixture
def voksen(inntak, db):
    """Two adult tilbud in county A (EL: 2 places, TP: 1 place) and one in county B, and a søknad factory."""
    a2, b = inntak.kv["skole_a2"], inntak.kv["skole_b"]
    v = {
        "el": Tilbud.objects.create(fylke=inntak.A, skole=a2, programomrade=inntak.po["EL"], skolear=inntak.ar,
                                    plasser=2, voksenopplaering=True),
        "tp": Tilbud.objects.create(fylke=inntak.A, skole=a2, programomrade=inntak.po["TP"], skolear=inntak.ar,
                                    plasser=1, voksenopplaering=True),
        "b_tp": Tilbud.objects.create(fylke=inntak.B, skole=b, programomrade=inntak.po["TP"], skolear=inntak.ar,
                                      plasser=5, voksenopplaering=True),
    }  # fmt: skip
    ord_ = Behandlingskategori.objects.get(kode="ORD")

    def lag(hjemmel="18-3", timer=0, onsker=("el",), fylke=None, komplett=True, **kw):
        fylke = fylke or inntak.A
        s = Soknad.objects.create(
            person=PersonFactory(fylke=fylke), skolear=inntak.ar, fylke=fylke, hjemfylke=fylke, niva="VG1",
            rettstatus="voksenrett" if hjemmel else "uten_rett", behandlingskategori=ord_, sokergruppe="voksen",
            inntakstype="voksen", voksenrett_hjemmel=hjemmel,
            komplett=T0 + datetime.timedelta(hours=timer) if komplett else None, **kw,
        )  # fmt: skip
        for nr, o in enumerate(onsker, 1):
            Onske.objects.create(soknad=s, tilbud=v[o] if o in v else inntak.t[o], nr=nr)
        return s

    v["lag"] = lag
    return v


@pytest.fixture
def fem(voksen):
    """§ 13-4 order: a2 (18-6, earliest), a1 (18-3), b (18-4), c (18-7), u (uten rett, earliest of all)."""
    lag = voksen["lag"]
    return {
        "u": lag("", timer=-10, onsker=("el",)),
        "c": lag("18-7", timer=1, onsker=("el",)),
        "a1": lag("18-3", timer=5, onsker=("el", "tp")),
        "a2": lag("18-6", timer=2, onsker=("el",)),
        "b": lag("18-4", timer=0, onsker=("tp", "el")),
    }


def _plass(s):
    return Voksenplass.objects.filter(soknad=s).values_list("tilbud_id", "onske_nr").first()


# --- Placement ---------------------------------------------------------------------------------------------------
def test_plasser_voksne_rekkefolge_kapasitet_og_ingen_venteliste(inntak, voksen, fem, brukere):
    ufullstendig = voksen["lag"]("18-3", komplett=False)
    trukket = voksen["lag"]("18-3", timer=-20, status="trukket")
    ordinaer_tilbud_onske = voksen["lag"]("18-3", timer=-30, onsker=("hs2",))
    bruker = brukere["A"][Rolle.INNTAK]
    t = services.plasser_voksne(inntak.A, inntak.ar, bruker)
    assert t == {"sokere": 6, "tildelt": 3, "venter": 3, "venter_fulle": 2, "venter_uten_onsker": 1,
                 "ikke_komplett": 1}  # fmt: skip
    assert _plass(fem["a2"]) == (voksen["el"].pk, 1) and _plass(fem["a1"]) == (voksen["el"].pk, 1)
    assert _plass(fem["b"]) == (voksen["tp"].pk, 1)
    for s in (fem["c"], fem["u"], ufullstendig, trukket, ordinaer_tilbud_onske):
        assert _plass(s) is None
    assert not Venteliste.objects.exists()  # no waitlists (§ 13-3)
    for tilbud in (voksen["el"], voksen["tp"]):
        assert Voksenplass.objects.filter(tilbud=tilbud).count() <= tilbud.plasser
    logg = Saksbehandlingslogg.objects.filter(handling="voksenplass")
    assert logg.count() == 3 and all("§ 13-4" in r.tekst and r.bruker == bruker for r in logg)
    assert Voksenplass.history.count() == 3
    plass = Voksenplass.objects.get(soknad=fem["a2"])
    assert plass.status == "tilbudt" and plass.tildelt_av == bruker


def test_plasser_voksne_er_idempotent_og_fyller_ledig_plass_i_rekkefolge(inntak, voksen, fem):
    services.plasser_voksne(inntak.A, inntak.ar, None)
    andre = services.plasser_voksne(inntak.A, inntak.ar, None)
    assert andre["tildelt"] == 0 and andre["venter"] == 2 and Voksenplass.objects.count() == 3
    # a2 declines: the place goes to the next in § 13-4 order who wished it (c, 18-7, before u without rett).
    services.endre_voksenplass_status(Voksenplass.objects.get(soknad=fem["a2"]), "avslatt", None)
    assert selectors.planlegg(inntak.A, inntak.ar).telling()["tildelt"] == 1
    t = services.plasser_voksne(inntak.A, inntak.ar, None)
    assert t["tildelt"] == 1 and _plass(fem["c"]) == (voksen["el"].pk, 1) and _plass(fem["u"]) is None


def test_sql_rekkefolgen_er_regelmodulens(inntak, voksen, fem):
    sql = list(selectors.ventende(inntak.A, inntak.ar).values_list("pk", flat=True))
    regel = [int(s.id) for s, _ in ordne_voksne(
        SokerVoksen(str(s.pk), s.voksenrett_hjemmel, s.komplett) for s in fem.values())]  # fmt: skip
    assert sql == regel == [fem[k].pk for k in ("a2", "a1", "b", "c", "u")]


def test_statusoverganger(inntak, voksen, fem, brukere):
    services.plasser_voksne(inntak.A, inntak.ar, None)
    bruker = brukere["A"][Rolle.INNTAK]
    plass = Voksenplass.objects.get(soknad=fem["a2"])
    plass = services.endre_voksenplass_status(plass, VoksenplassStatus.AKSEPTERT, bruker)
    assert plass.status == "akseptert"
    with pytest.raises(ValidationError, match="kan ikke gå fra «Akseptert» til «Avslått av søkeren»"):
        services.endre_voksenplass_status(plass, "avslatt", bruker)
    services.endre_voksenplass_status(plass, "trukket", bruker)
    with pytest.raises(ValidationError):
        services.endre_voksenplass_status(plass, "tilbudt", bruker)
    with pytest.raises(ValidationError):
        services.endre_voksenplass_status(plass, "tull", bruker)
    assert Saksbehandlingslogg.objects.filter(soknad=fem["a2"], handling="voksenplass").count() == 3


@pytest.mark.parametrize(
    ("rolle", "fylke", "lov"),
    [(Rolle.INNTAK, "A", True), (Rolle.SYSADMIN, "B", True), (Rolle.INNTAK, "B", False), (Rolle.SKOLE, "A", False),
     (Rolle.LESE, "A", False), (Rolle.FYLKESADMIN, "A", False), (Rolle.FAGOPPLAERING, "A", False)],
)  # fmt: skip
def test_tilgang_per_rolle(inntak, voksen, fem, brukere, rolle, fylke, lov):
    bruker = brukere[fylke][rolle]
    if lov:
        assert services.plasser_voksne(inntak.A, inntak.ar, bruker)["tildelt"] == 3
        plass = Voksenplass.objects.get(soknad=fem["a2"])
        services.endre_voksenplass_status(plass, "akseptert", bruker)
    else:
        with pytest.raises(PermissionDenied):
            services.plasser_voksne(inntak.A, inntak.ar, bruker)
        with pytest.raises(PermissionDenied):
            services.tildel_voksenplass(fem["c"], voksen["el"], bruker)
        assert not Voksenplass.objects.exists()


def test_manuell_tildeling(inntak, voksen, fem, brukere, lag_soknad):
    bruker = brukere["A"][Rolle.INNTAK]
    plass = services.tildel_voksenplass(fem["c"], voksen["tp"], bruker)
    assert plass.onske_nr is None and plass.tildelt_av == bruker  # TP was not among c's wishes
    with pytest.raises(ValidationError, match="ingen ledige plasser"):
        services.tildel_voksenplass(fem["u"], voksen["tp"], bruker)
    with pytest.raises(ValidationError, match="allerede fått en plass"):
        services.tildel_voksenplass(fem["c"], voksen["el"], bruker)
    with pytest.raises(ValidationError, match="ikke et tilbud for voksne"):
        services.tildel_voksenplass(fem["u"], inntak.t["hs2"], bruker)
    with pytest.raises(ValidationError, match="hører ikke til fylket"):
        services.tildel_voksenplass(fem["u"], voksen["b_tp"], bruker)
    with pytest.raises(ValidationError, match="ordinære inntaket"):
        services.tildel_voksenplass(lag_soknad(), voksen["el"], bruker)
    with pytest.raises(ValidationError, match="ikke komplett"):
        services.tildel_voksenplass(voksen["lag"]("18-3", komplett=False), voksen["el"], bruker)
    services.tildel_voksenplass(fem["u"], voksen["el"], bruker)
    assert _plass(fem["u"]) == (voksen["el"].pk, 1)


# --- Wish validation (§ 13-3) -----------------------------------------------------------------------------------
def test_onskevalidering_voksne_og_ordinaere(inntak, voksen, lag_soknad):
    from inntak.services import legg_til_onske

    t = lambda *k: [voksen[x] if x in voksen else inntak.t[x] for x in k]  # noqa: E731
    kw = {
        "fylke": inntak.A,
        "skolear": inntak.ar,
        "niva": "VG1",
        "rettstatus": "voksenrett",
        "inntakstype": "voksen",
    }
    assert valider_onsker(tilbud=t("el", "tp"), **kw) == []  # one programme is enough for adults
    ekstra = Tilbud.objects.create(fylke=inntak.A, skole=inntak.kv["skole_a"], programomrade=inntak.po["DH"],
                                   skolear=inntak.ar, plasser=3, voksenopplaering=True)  # fmt: skip
    feil = valider_onsker(tilbud=[*t("el", "tp"), ekstra, inntak.t["hs2"]], **kw)
    assert any("høyst 3" in f and "§ 13-3" in f for f in feil)
    assert any("Ønske 4" in f and "ikke et tilbud for voksne" in f for f in feil)
    kw["inntakstype"] = "ordinar"
    feil = valider_onsker(tilbud=t("st", "hs", "el", "tp"), **kw)
    assert any("Ønske 4" in f and "inntaket av voksne" in f and "§ 13-4" in f for f in feil)
    # The søknad service checks by the søknad's own intake type.
    with pytest.raises(ValidationError, match="tilbud for voksne"):
        legg_til_onske(lag_soknad(), voksen["tp"])
    s = voksen["lag"]("18-3", onsker=("el",))
    legg_til_onske(s, voksen["tp"])
    with pytest.raises(ValidationError, match="ikke et tilbud for voksne"):
        legg_til_onske(s, inntak.t["hs2"])


# --- Job 1V001 and the nightly task ------------------------------------------------------------------------------
def test_jobb_1v001_og_nattoppgaven(
    inntak, voksen, fem, brukere, django_capture_on_commit_callbacks, monkeypatch
):
    from django_celery_beat.models import PeriodicTask

    from inntak.voksen import tasks
    from vigo.jobber import tjenester

    assert PeriodicTask.objects.filter(task="inntak.plasser_voksne_natt", crontab__hour="2").exists()
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("1V001", inntak.A, brukere["A"][Rolle.INNTAK], {"skolear": "2026-2027"})
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["tildelt"] == 3 and kj.resultat["venter"] == 2
    with pytest.raises(PermissionDenied):
        tjenester.start_kjoring("1V001", inntak.A, brukere["A"][Rolle.SKOLE], {})
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 9, 1))
    startet = []
    monkeypatch.setattr("vigo.jobber.tjenester.start_kjoring", lambda kode, fylke, *a, **k: startet.append(
        (kode, fylke.nummer)))  # fmt: skip
    assert tasks.plasser_voksne_natt() == 2 and startet == [("1V001", "03"), ("1V001", "50")]


# --- manage.py prioritet with "inntakstype": "voksen" --------------------------------------------------------------
def _kommando(data) -> tuple[str, str]:
    ut, feil = io.StringIO(), io.StringIO()
    sti = None
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(data, fh)
        sti = fh.name
    call_command("prioritet", "--fil", sti, stdout=ut, stderr=feil)
    return ut.getvalue(), feil.getvalue()


def test_kommando_voksen_rekkefolge():
    ut, _ = _kommando({"inntakstype": "voksen", "skolear": "2026-2027", "behandlende_fylke": "50", "sokere": [
        {"id": "uten", "komplett": "2026-01-05T08:00:00+01:00"},
        {"id": "pab", "voksenrett_hjemmel": "18-7", "komplett": "2026-01-04T08:00:00+01:00"},
        {"id": "rett2", "voksenrett_hjemmel": "18-3", "komplett": "2026-02-01T08:00:00+01:00"},
        {"id": "rett1", "voksenrett_hjemmel": "18-6", "komplett": "2026-01-10T08:00:00+01:00"},
        {"id": "ikke", "voksenrett_hjemmel": "18-3", "komplett": None},
    ]})  # fmt: skip
    svar = json.loads(ut)["rekkefolge"]
    assert [(r["id"], r["gruppe"]) for r in svar] == [
        ("rett1", 1),
        ("rett2", 1),
        ("pab", 3),
        ("uten", 4),
        ("ikke", 1),
    ]
    assert all("§ 13-4" in linje for r in svar for linje in r["forklaring"])


def test_kommando_voksen_feil_per_felt():
    with pytest.raises(CommandError, match="4 feil"):
        _, feil = _kommando({"inntakstype": "voksen", "niva": "VG1", "sokere": [
            {"id": "a", "voksenrett_hjemmel": "18-9", "komplett": "i går", "poeng": 3}]})  # fmt: skip
    with pytest.raises(CommandError, match="1 feil"):
        _kommando({"inntakstype": "kveld", "sokere": []})


def test_kommando_voksen_feilmeldinger_paa_norsk(capsys):
    ut, feil = io.StringIO(), io.StringIO()
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump({"inntakstype": "voksen", "sokere": [{"id": "a", "voksenrett_hjemmel": "19-1"}]}, fh)
    with pytest.raises(CommandError):
        call_command("prioritet", "--fil", fh.name, stdout=ut, stderr=feil)
    tekst = feil.getvalue()
    assert "sokere[0].voksenrett_hjemmel: Må være «18-3»" in tekst and "sokere[0].komplett: Mangler" in tekst


def test_kommando_ordinar_er_uendret():
    from tests.motor.test_prioritet_kommando import EKSEMPEL

    ut1, _ = _kommando(EKSEMPEL)
    ut2, _ = _kommando({**EKSEMPEL, "inntakstype": "ordinar"})
    assert ut1 == ut2


# --- Demo data ---------------------------------------------------------------------------------------------------
def test_demodata_voksne(inntak, monkeypatch):
    from inntak.voksen import demodata

    monkeypatch.setattr(demodata, "intaksar", lambda: 2026)
    meldinger: list[str] = []
    demodata.lag_voksen_demodata(inntak.A, random.Random(3), meldinger.append)
    soknader = Soknad.objects.filter(fylke=inntak.A, inntakstype="voksen")
    assert soknader.count() == demodata.ANTALL_SOKERE, meldinger
    assert Voksenplass.objects.filter(soknad__in=soknader).exists()
    for s in soknader.prefetch_related("onsker__tilbud__programomrade", "onsker__tilbud__skolear"):
        tilbud = [o.tilbud for o in s.onsker.all()]
        assert valider_onsker(fylke=s.fylke, skolear=s.skolear, niva=s.niva, rettstatus=s.rettstatus, tilbud=tilbud,
                              inntakstype="voksen") == [], s.pk  # fmt: skip
    demodata.lag_voksen_demodata(inntak.A, random.Random(3), meldinger.append)
    assert "hopper over" in meldinger[-1] and soknader.count() == demodata.ANTALL_SOKERE
