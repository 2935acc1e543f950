"""5A014 «Slette søkerdata»: refuses before its preconditions and without confirmation, then archives and deletes
exactly the intake's working data of one county and year (docs/elev.md «Årsavslutning av inntaket»)."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from inntak.elev.models import Elevforhold
from inntak.elev.services import arsavslutning
from inntak.kjoring import svar
from inntak.models import (
    Inntakshendelse,
    Inntakskjoring,
    Onske,
    Saksbehandlingslogg,
    Soknad,
    SoknadDokument,
    Svar,
    Tilbud,
    Tildeling,
    Vedtak,
    VedtakDokument,
)
from tests.fabrikker import PersonFactory, publiser
from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401
from tests.inntak_kjoring.conftest import kjor, sett_poeng  # noqa: F401
from vigo.jobber import tjenester
from vigo.models import Kjoring, KjoringStatus, Person, Rolle

I_VINDUET = datetime.date(2026, 11, 20)
SAKSBEHANDLER_NAVN = "Vedtaksperson"


@pytest.fixture
def dag(monkeypatch):
    """«Today» inside the default window (14–30 November 2026) unless a test moves it."""
    dagen = {"dag": I_VINDUET}
    monkeypatch.setattr(arsavslutning, "idag", lambda: dagen["dag"])
    return dagen


def _forgjenger(fylke, kode, skolear, **parametere):
    return Kjoring.objects.create(kode=kode, navn=kode, fylke=fylke, status=KjoringStatus.FERDIG,
                                  parametere={"skolear": skolear.pk, **parametere}, avsluttet=timezone.now())  # fmt: skip


def forgjengere(inntak):  # noqa: F811
    _forgjenger(inntak.A, "5A001", inntak.ar)
    _forgjenger(inntak.A, "6A015", inntak.ar, utvalg="ikke_startet")


@pytest.fixture
def data(inntak, lag_soknad, kjor):  # noqa: F811
    """County A 2026-2027: three søknader, a published round with answers, a vedtak with a document and an
    uploaded document; county B 2026-2027 and county A 2027-2028 each a søknad that must survive."""
    fornavn = ["Anne", "Bjørn", SAKSBEHANDLER_NAVN]
    sok = [lag_soknad(person=PersonFactory(fylke=inntak.A, fornavn=n, etternavn="Testesen")) for n in fornavn]
    for s in sok:
        sett_poeng(s, "40.00")
    ik = publiser(kjor(simulering=False), svarfrist=datetime.date(2026, 7, 10))
    svar.registrer_svar(ik, sok[0], "ja")
    svar.registrer_svar(ik, sok[1], "nei")
    v = Vedtak.objects.create(
        soknad=sok[2], utfall="avslatt", begrunnelse="Ikke dokumentert behov.", hjemmel="§ 4-18"
    )
    VedtakDokument.objects.create(vedtak=v, fil=ContentFile(b"%PDF-1.4 sakkyndig", name="vurdering.pdf"),
                                  navn="vurdering.pdf")  # fmt: skip
    SoknadDokument.objects.create(soknad=sok[2], fil=ContentFile(b"%PDF-1.4 soker", name="x.pdf"), navn="legeerklæring.pdf",
                                  innholdstype="application/pdf", storrelse=15, sha256="0" * 64)  # fmt: skip
    annet_fylke = lag_soknad(fylke=inntak.B)
    vg2 = Tilbud.objects.create(fylke=inntak.A, skole=inntak.kv["skole_a"], programomrade=inntak.po["STREA2"],
                                skolear=inntak.neste, plasser=30)  # fmt: skip
    neste_ar = lag_soknad(skolear=inntak.neste, niva="VG2", onsker=[vg2])
    elevkurs = Elevforhold.objects.create(person=sok[0].person, skole=inntak.kv["skole_a"],
                                          programomrade=inntak.po["ST"], skolear=inntak.ar,
                                          startdato=datetime.date(2026, 8, 18))  # fmt: skip
    filer = [v.dokumenter.get().fil, sok[2].sokerdokumenter.get().fil]
    return {"sok": sok, "ik": ik, "annet_fylke": annet_fylke, "neste_ar": neste_ar, "elevkurs": elevkurs,
            "filer": [(f.storage, f.name) for f in filer]}  # fmt: skip


def _kjor_5a014(inntak, bruker, bekreft=True, capture=None):  # noqa: F811
    parametere = {"skolear": inntak.ar.kode, **({"bekreft": "on"} if bekreft else {})}
    kj = tjenester.start_kjoring("5A014", inntak.A, bruker, parametere=parametere, send=False)
    if capture is None:
        tjenester.utfor(kj.pk)
    else:
        with capture(execute=True):
            tjenester.utfor(kj.pk)
    kj.refresh_from_db()
    return kj


def test_nekter_uten_forutsetninger_og_navngir_hver(data, inntak, brukere, dag):  # noqa: F811
    bruker = brukere["A"][Rolle.INNTAK]
    foer = arsavslutning.sokerdata_til_sletting(inntak.A, inntak.ar)
    dag["dag"] = datetime.date(2026, 11, 1)
    kj = _kjor_5a014(inntak, bruker)
    assert kj.status == KjoringStatus.FEILET
    feil = " ".join(kj.logg.values_list("tekst", flat=True))
    assert "Tidsvindu" in feil and "14.11.2026" in feil and "30.11.2026" in feil
    assert "5A001" in feil and "6A015" in feil
    assert arsavslutning.sokerdata_til_sletting(inntak.A, inntak.ar) == foer  # nothing deleted
    assert not kj.filer.exists()

    # One by one: each precondition that still fails is named, the met ones are not.
    dag["dag"] = I_VINDUET
    _forgjenger(inntak.A, "5A001", inntak.ar)
    _forgjenger(inntak.A, "6A015", inntak.ar, utvalg="sluttere")  # another extract does not count
    _forgjenger(inntak.A, "6A015", inntak.neste, utvalg="ikke_startet")  # another year does not count
    _forgjenger(inntak.B, "6A015", inntak.ar, utvalg="ikke_startet")  # another county does not count
    navn = [f.navn for f in arsavslutning.mangler(inntak.A, inntak.ar)]
    assert navn == ["6A015 Utlasting til OT (ikke startet)"]
    kj = _kjor_5a014(inntak, bruker)
    assert kj.status == KjoringStatus.FEILET and "6A015" in kj.melding and "5A001" not in kj.melding
    assert Soknad.objects.filter(fylke=inntak.A, skolear=inntak.ar).count() == 3


def test_senere_forgjengere_kontrolleres_bare_naar_jobben_finnes(data, inntak, dag, monkeypatch):  # noqa: F811
    forgjengere(inntak)
    ikke = [f.navn for f in arsavslutning.forutsetninger(inntak.A, inntak.ar) if not f.kontrollert]
    assert ikke == ["Siste kontrakt opprettet fra ønske", "Siste formidlingsfil til Udir"]
    monkeypatch.setitem(arsavslutning._SENERE, "formidlingsfil",
                        {"navn": "Siste formidlingsfil til Udir", "kode": "5A014", "filter": {}})  # fmt: skip
    # 5A014 itself stands in for a registered job type that has not run: now it blocks.
    assert [f.navn for f in arsavslutning.mangler(inntak.A, inntak.ar)] == [
        "5A014 Siste formidlingsfil til Udir"
    ]


def test_krever_bekreftelse_og_viser_omfanget(data, inntak, brukere, dag):  # noqa: F811
    forgjengere(inntak)
    bruker = brukere["A"][Rolle.INNTAK]
    with pytest.raises(tjenester.KjoringFeil, match=r"Kryss av.*9 ønsker.*3 søknader.*historikkrader"):
        tjenester.start_kjoring("5A014", inntak.A, bruker, parametere={"skolear": inntak.ar.kode}, send=False)
    with pytest.raises(ValidationError, match="må bekreftes"):
        arsavslutning.slett_sokerdata(bruker, fylke=inntak.A, skolear=inntak.ar, bekreft=False)
    assert Soknad.objects.filter(fylke=inntak.A, skolear=inntak.ar).count() == 3


@pytest.mark.parametrize("rolle", [Rolle.LESE, Rolle.SKOLE, Rolle.FAGOPPLAERING, Rolle.OT])
def test_tilgang_nektes(data, inntak, brukere, dag, rolle):  # noqa: F811
    forgjengere(inntak)
    bruker = brukere["A"][rolle]
    with pytest.raises(PermissionDenied):
        tjenester.start_kjoring("5A014", inntak.A, bruker, parametere={"skolear": inntak.ar.kode, "bekreft": "on"},
                                send=False)  # fmt: skip
    with pytest.raises(PermissionDenied):
        arsavslutning.slett_sokerdata(bruker, fylke=inntak.A, skolear=inntak.ar, bekreft=True)
    # Another county's caseworker may not delete county A either.
    with pytest.raises(PermissionDenied):
        arsavslutning.slett_sokerdata(
            brukere["B"][Rolle.INNTAK], fylke=inntak.A, skolear=inntak.ar, bekreft=True
        )


def test_sletter_arkiverer_og_er_idempotent(data, inntak, brukere, dag, django_capture_on_commit_callbacks):  # noqa: F811
    forgjengere(inntak)
    bruker = brukere["A"][Rolle.INNTAK]
    personer, elevkurs = Person.objects.count(), Elevforhold.objects.count()
    for lagring, navn in data["filer"]:
        assert lagring.exists(navn)
    # A formidling til læreplass that came from one of the søknader (and its wish) outlives them, unlinked.
    from fagopplaering.models import Formidling
    from tests.fagopplaering.fabrikker import lag_fagkodeverk

    soknad = Soknad.objects.filter(fylke=inntak.A, skolear=inntak.ar).first()
    formidling = Formidling.objects.create(
        person=soknad.person, fylke=inntak.A, skolear=inntak.ar, programomrade=lag_fagkodeverk()["elektriker"],
        soknad=soknad, onske=soknad.onsker.first(), status_dato=datetime.date(2026, 3, 1),
    )  # fmt: skip
    kj = _kjor_5a014(inntak, bruker, capture=django_capture_on_commit_callbacks)
    assert kj.status == KjoringStatus.FERDIG, kj.melding
    r = kj.resultat
    assert r["arkivert"] == 3 and r["slettet"]["soknader"] == 3 and r["slettet"]["onsker"] == 9
    assert r["slettet"]["vedtak"] == 1 and r["slettet"]["inntakskjoringer"] == 1 and r["filer_slettet"] == 2
    assert r["slettet"]["historikk_soknader"] >= 3 and r["ikke_kontrollert"]

    # Exactly the intake of county A 2026-2027 is gone ...
    assert not Soknad.objects.filter(fylke=inntak.A, skolear=inntak.ar).exists()
    assert not Inntakskjoring.objects.filter(fylke=inntak.A, skolear=inntak.ar).exists()
    assert not Tildeling.objects.exists() and not Svar.objects.exists() and not Vedtak.objects.exists()
    assert not SoknadDokument.objects.exists() and not VedtakDokument.objects.exists()
    assert not Soknad.history.model.objects.filter(fylke=inntak.A, skolear=inntak.ar).exists()
    for lagring, navn in data["filer"]:
        assert not lagring.exists(navn)
    # ... and nothing else: persons, elevkurs, other counties and years stay.
    assert Person.objects.count() == personer and Elevforhold.objects.count() == elevkurs
    assert Soknad.objects.filter(pk__in=[data["annet_fylke"].pk, data["neste_ar"].pk]).count() == 2
    assert Onske.objects.filter(soknad=data["annet_fylke"]).count() == 3
    assert Saksbehandlingslogg.objects.filter(soknad=data["neste_ar"]).exists()
    assert Inntakshendelse.objects.filter(handling="sokerdata_slettet", fylke=inntak.A).count() == 1
    formidling.refresh_from_db()
    assert formidling.soknad_id is None and formidling.onske_id is None

    # The archive: one line per søknad with final offer and answer; the vedtak case in full with its files.
    arkiv = kj.filer.get(navn__startswith="arkiv_sokerdata")
    assert arkiv.inneholder_personopplysninger
    with zipfile.ZipFile(io.BytesIO(arkiv.fil.read())) as zf:
        linjer = [json.loads(x) for x in zf.read("arkiv.jsonl").decode().splitlines()]
        navn = zf.namelist()
        assert any(n.endswith("vurdering.pdf") for n in navn) and any(
            n.endswith(".pdf") and "soker_" in n for n in navn
        )
    per_navn = {x["navn"].split()[0]: x for x in linjer}
    assert per_navn["Anne"]["svar"]["svar"] == "ja" and per_navn["Anne"]["endelig_tilbud"]["programomrade"]
    assert per_navn["Bjørn"]["svar"]["svar"] == "nei"
    sak = per_navn[SAKSBEHANDLER_NAVN]
    assert sak["vedtak"]["utfall"] == "avslatt" and sak["vedtak"]["hjemmel"] == "§ 4-18"
    assert sak["sokerdokumenter"][0]["navn"] == "legeerklæring.pdf" and sak["saksbehandlingslogg"]
    assert "onsker" not in per_navn["Anne"]  # plain wishes are not archived
    logg = kj.filer.get(navn__startswith="slettelogg")
    assert not logg.inneholder_personopplysninger and b"soknader;3" in logg.fil.read()

    # Idempotent: a second run deletes nothing.
    kj2 = _kjor_5a014(inntak, bruker, capture=django_capture_on_commit_callbacks)
    assert kj2.status == KjoringStatus.FERDIG and kj2.resultat["slettet_totalt"] == 0
    assert arsavslutning.sokerdata_til_sletting(inntak.A, inntak.ar) == {
        k: 0 for k in arsavslutning.sokerdata_til_sletting(inntak.A, inntak.ar)
    }


def test_omfanget_dekker_alle_relasjoner_til_soknad_og_kjoring():
    """A new table hanging on a søknad or an intake run must be added to 5A014's list (or the delete fails)."""
    from kodeverk.models import Fylke, Skolear

    omfang = {qs.model for _, qs in arsavslutning._omfang(Fylke(pk=0), Skolear(pk=0, kode="2026-2027"))}
    omfang |= arsavslutning.frakoblede_modeller()  # rows of later apps that are unlinked, not deleted
    for modell in (Soknad, Inntakskjoring, Vedtak):
        for f in modell._meta.get_fields():
            if f.auto_created and not f.concrete and f.related_model is not Inntakshendelse:
                assert f.related_model in omfang, f.related_model
