"""The company register's services and selectors (docs/fagopplaering/bedrift.md)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fagopplaering.enhetsregisteret import FilBackend
from fagopplaering.models import Bedrift, Bedriftstype, Godkjenning, Hendelse, Hendelsestype, Medlemskap
from fagopplaering.regler import bedrift as regler
from fagopplaering.selectors import bedrift as sel
from fagopplaering.services import bedrift as svc
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import lag_bedrift, lag_godkjenning, lag_gyldig_orgnr, lag_kontrakt
from vigo.models import Rolle
from vigo.scoping import legg_til_fylkekobling

D = datetime.date


def enhet_json(orgnr, navn="TESTELEKTRO AS", kommunenr="5001", **kw) -> dict:
    return {
        "organisasjonsnummer": orgnr,
        "navn": navn,
        "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
        "forretningsadresse": {"adresse": ["Kjøpmannsgata 1"], "postnummer": "7013", "poststed": "TRONDHEIM",
                               "kommunenummer": kommunenr, "kommune": "TRONDHEIM"},
        "naeringskode1": {"kode": "43.210", "beskrivelse": "Elektrisk installasjonsarbeid"},
        "antallAnsatte": 12, "epostadresse": "post@testelektro.example", "telefon": "73000000",
        "konkurs": False, "underAvvikling": False, **kw,
    }  # fmt: skip


@pytest.fixture(autouse=True)
def _kobling():
    # FagopplaeringConfig.ready registers this link (the lead wires it); idempotent.
    legg_til_fylkekobling(Bedrift, sel.fylkekobling_hendelser)


@pytest.fixture
def er(settings, tmp_path):
    """A small Enhetsregisteret file; returns a function adding units to it."""
    sti = tmp_path / "er.jsonl"
    sti.write_text("", encoding="utf-8")
    settings.ENHETSREGISTERET = {"BACKEND": "fil", "FIL": str(sti), "URL": "", "TIMEOUT": 1}

    def legg_til(*enheter: dict) -> None:
        with sti.open("a", encoding="utf-8") as f:
            for e in enheter:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")

    return legg_til


@pytest.fixture
def fa(brukere):
    return brukere["A"][Rolle.FAGOPPLAERING]


@pytest.fixture
def fb(brukere):
    return brukere["B"][Rolle.FAGOPPLAERING]


# --- registrering og Enhetsregisteret -----------------------------------------------------------------------------
def test_registrer_fyller_fra_enhetsregisteret(fag, fa, er):
    orgnr = lag_gyldig_orgnr()
    er(enhet_json(orgnr))
    b = svc.registrer_bedrift(fa, orgnr=f"{orgnr[:3]} {orgnr[3:6]} {orgnr[6:]}", fylke_id=fag["A"].pk,
                              kontaktperson="Per Kontakt")  # fmt: skip
    assert b.orgnr == orgnr
    assert b.navn == "TESTELEKTRO AS"
    assert b.kommune == Kommune.objects.get(nummer="5001")
    assert (b.naeringskode, b.naeringsnavn) == ("43.210", "Elektrisk installasjonsarbeid")
    assert b.postnummer == "7013" and b.antall_ansatte == 12 and b.epost == "post@testelektro.example"
    assert b.kontaktperson == "Per Kontakt" and b.oppdatert_fra_er is not None
    h = Hendelse.objects.get(bedrift=b)
    assert h.type == Hendelsestype.BEDRIFT_OPPRETTET and h.fylke == fag["A"]
    assert b.history.first().history_user == fa


def test_registrer_ugyldig_orgnr_og_duplikat(fag, fa, er):
    with pytest.raises(ValidationError, match="ikke et gyldig organisasjonsnummer"):
        svc.registrer_bedrift(fa, orgnr="123456789", fylke_id=fag["A"].pk, navn="X")
    orgnr = lag_gyldig_orgnr()
    er(enhet_json(orgnr, navn="DUPLIKAT AS"))
    svc.registrer_bedrift(fa, orgnr=orgnr, fylke_id=fag["A"].pk)
    with pytest.raises(ValidationError, match="allerede registrert: DUPLIKAT AS"):
        svc.registrer_bedrift(fa, orgnr=orgnr, fylke_id=fag["A"].pk)
    assert Bedrift.objects.filter(orgnr=orgnr).count() == 1


def test_registrer_slettet_avvises_og_ukjent_krever_navn(fag, fa, er):
    slettet = lag_gyldig_orgnr()
    er(enhet_json(slettet, slettedato="2025-06-30"))
    with pytest.raises(ValidationError, match="slettet i Enhetsregisteret 30.06.2025"):
        svc.registrer_bedrift(fa, orgnr=slettet, fylke_id=fag["A"].pk)
    ukjent = lag_gyldig_orgnr()
    with pytest.raises(ValidationError, match="finnes ikke i Enhetsregisteret"):
        svc.registrer_bedrift(fa, orgnr=ukjent, fylke_id=fag["A"].pk)
    b = svc.registrer_bedrift(fa, orgnr=ukjent, fylke_id=fag["A"].pk, navn="Manuell bedrift",
                              kommune=Kommune.objects.get(nummer="5001"))  # fmt: skip
    assert b.navn == "Manuell bedrift" and b.oppdatert_fra_er is None
    assert not Bedrift.objects.filter(orgnr=slettet).exists()


def test_registrer_nar_er_ikke_svarer(fag, fa, settings):
    settings.ENHETSREGISTERET = {"BACKEND": "fil", "FIL": "/finnes/ikke.jsonl", "URL": "", "TIMEOUT": 1}
    orgnr = lag_gyldig_orgnr()
    with pytest.raises(ValidationError, match="finnes ikke.*Fyll inn navnet selv"):
        svc.registrer_bedrift(fa, orgnr=orgnr, fylke_id=fag["A"].pk)
    assert svc.registrer_bedrift(fa, orgnr=orgnr, fylke_id=fag["A"].pk, navn="Uten oppslag AS").pk


def test_tilgang_registrering(fag, brukere, fa, er):
    orgnr = lag_gyldig_orgnr()
    er(enhet_json(orgnr))
    with pytest.raises(PermissionDenied):
        svc.registrer_bedrift(brukere["A"][Rolle.INNTAK], orgnr=orgnr, fylke_id=fag["A"].pk)
    with pytest.raises(PermissionDenied):
        svc.registrer_bedrift(brukere["B"][Rolle.FAGOPPLAERING], orgnr=orgnr, fylke_id=fag["A"].pk)
    with pytest.raises(PermissionDenied):
        svc.registrer_bedrift(brukere["A"][Rolle.LESE], orgnr=orgnr, fylke_id=fag["A"].pk)
    assert not Bedrift.objects.exists()


def test_oppdater_fra_er_viser_endringer(fag, fa, er):
    orgnr = lag_gyldig_orgnr()
    b = lag_bedrift("GAMMELT NAVN AS", orgnr=orgnr)
    er(enhet_json(orgnr, navn="NYTT NAVN AS", konkurs=True))
    b = svc.oppdater_fra_enhetsregisteret(fa, b, fag["A"].pk)
    assert b.navn == "NYTT NAVN AS" and b.konkurs
    h = Hendelse.objects.get(bedrift=b, type=Hendelsestype.BEDRIFT_OPPDATERT_ER)
    assert "GAMMELT NAVN AS → NYTT NAVN AS" in h.tekst and "konkurs" in h.tekst
    ukjent = lag_bedrift("UKJENT AS", orgnr=lag_gyldig_orgnr())
    with pytest.raises(ValidationError, match="finnes ikke i Enhetsregisteret"):
        svc.oppdater_fra_enhetsregisteret(fa, ukjent, fag["A"].pk)


def test_endre_bedrift(fag, fa):
    b = lag_bedrift("KONTOR AS", orgnr=lag_gyldig_orgnr(), type=Bedriftstype.OPPLAERINGSKONTOR)
    b = svc.endre_bedrift(fa, b, fag["A"].pk, telefon="12345678", kontaktperson="Ola")
    assert b.telefon == "12345678"
    assert "telefon" in Hendelse.objects.get(bedrift=b).tekst
    with pytest.raises(TypeError):
        svc.endre_bedrift(fa, b, fag["A"].pk, orgnr="999999999")
    medlem = lag_bedrift("MEDLEM AS", orgnr=lag_gyldig_orgnr())
    Medlemskap.objects.create(opplaeringskontor=b, medlem=medlem, fylke=fag["A"], fra=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="har medlemsbedrifter"):
        svc.endre_bedrift(fa, b, fag["A"].pk, type=Bedriftstype.SELVSTENDIG)


# --- godkjenning ---------------------------------------------------------------------------------------------------
def test_godkjenn_med_faglig_leder(fag, fa, er):
    b = lag_bedrift("ELEKTRO AS", orgnr=lag_gyldig_orgnr())
    g = svc.godkjenn(fa, bedrift=b, fylke_id=fag["A"].pk, programomrade=fag["elektriker"], godkjent_fra=D(2025, 1, 1),
                     vilkar="Må ha instruktør", vedtak_ref="2025/123",
                     faglig_leder={"fornavn": "Kari", "etternavn": "Leder", "epost": "kari@b.example"})  # fmt: skip
    assert g.status == Godkjenning.Status.GODKJENT and g.godkjent_av == fa
    fl = g.ansvarlige.get()
    assert (fl.rolle, fl.fra, fl.epost) == ("faglig_leder", D(2025, 1, 1), "kari@b.example")
    typer = set(Hendelse.objects.filter(godkjenning=g).values_list("type", flat=True))
    assert typer == {Hendelsestype.GODKJENT, Hendelsestype.ANSVARLIG_REGISTRERT}
    with pytest.raises(ValidationError, match="allerede godkjent for Elektrikerfaget fra 01.01.2025"):
        svc.godkjenn(
            fa, bedrift=b, fylke_id=fag["A"].pk, programomrade=fag["elektriker"], godkjent_fra=D(2026, 1, 1)
        )


def test_godkjenn_avviser(fag, fa, er):
    from kodeverk.models import Programomrade

    b = lag_bedrift("ELEKTRO AS", orgnr=lag_gyldig_orgnr())
    vg1 = Programomrade.objects.get(kode="STUSP1----")
    with pytest.raises(ValidationError, match="ikke et lærefag"):
        svc.godkjenn(fa, bedrift=b, fylke_id=fag["A"].pk, programomrade=vg1, godkjent_fra=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="«Godkjent til» kan ikke være før"):
        svc.godkjenn(fa, bedrift=b, fylke_id=fag["A"].pk, programomrade=fag["elektriker"],
                     godkjent_fra=D(2025, 1, 1), godkjent_til=D(2024, 1, 1))  # fmt: skip
    konkurs = lag_bedrift("KONKURS AS", orgnr=lag_gyldig_orgnr(), konkurs=True)
    with pytest.raises(ValidationError, match="konkurs"):
        svc.godkjenn(fa, bedrift=konkurs, fylke_id=fag["A"].pk, programomrade=fag["elektriker"],
                     godkjent_fra=D(2025, 1, 1))  # fmt: skip
    # Stored as active, but Enhetsregisteret now says deleted: refused.
    slettet = lag_bedrift("SLETTET AS", orgnr=lag_gyldig_orgnr())
    er(enhet_json(slettet.orgnr, slettedato="2026-01-01"))
    with pytest.raises(ValidationError, match="Enhetsregisteret sier"):
        svc.godkjenn(fa, bedrift=slettet, fylke_id=fag["A"].pk, programomrade=fag["elektriker"],
                     godkjent_fra=D(2025, 1, 1))  # fmt: skip
    # faglig leder without a name: the approval is rolled back with it.
    with pytest.raises(ValidationError, match="fornavn og etternavn"):
        svc.godkjenn(fa, bedrift=b, fylke_id=fag["A"].pk, programomrade=fag["elektriker"],
                     godkjent_fra=D(2025, 1, 1), faglig_leder={"fornavn": "", "etternavn": ""})  # fmt: skip
    assert not Godkjenning.objects.exists()
    with pytest.raises(PermissionDenied):
        svc.godkjenn(
            fa, bedrift=b, fylke_id=fag["B"].pk, programomrade=fag["elektriker"], godkjent_fra=D(2025, 1, 1)
        )


def test_trekk_godkjenning_og_overganger(fag, fa, fb):
    b = lag_bedrift("ELEKTRO AS", orgnr=lag_gyldig_orgnr())
    g = lag_godkjenning(b, fag["A"], fag["elektriker"], fra=D(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        svc.trekk_godkjenning(fb, g, dato=D(2026, 1, 1), grunn="x")
    with pytest.raises(ValidationError, match="grunnen"):
        svc.trekk_godkjenning(fa, g, dato=D(2026, 1, 1), grunn=" ")
    with pytest.raises(ValidationError, match="før den gjaldt fra"):
        svc.trekk_godkjenning(fa, g, dato=D(2023, 1, 1), grunn="Mangler faglig leder")
    g = svc.trekk_godkjenning(fa, g, dato=D(2026, 1, 1), grunn="Mangler faglig leder")
    assert g.status == Godkjenning.Status.TRUKKET and g.trukket_dato == D(2026, 1, 1)
    with pytest.raises(ValidationError, match="gis ikke tilbake"):
        svc.trekk_godkjenning(fa, g, dato=D(2026, 2, 1), grunn="igjen")
    assert not regler.kan_ga(regler.TRUKKET, regler.GODKJENT)
    # Valid before the withdrawal, not from it; a new approval may be given afterwards.
    assert sel.godkjenning_pa(b, fag["A"].pk, fag["elektriker"], D(2025, 12, 31)) == g
    assert sel.godkjenning_pa(b, fag["A"].pk, fag["elektriker"], D(2026, 1, 1)) is None
    ny = svc.godkjenn(
        fa, bedrift=b, fylke_id=fag["A"].pk, programomrade=fag["elektriker"], godkjent_fra=D(2026, 3, 1)
    )
    assert sel.godkjenning_pa(b, fag["A"].pk, fag["elektriker"], D(2026, 3, 1)) == ny


def test_regel_gyldig_pa():
    kw = {"godkjent_fra": D(2024, 1, 1), "godkjent_til": D(2024, 12, 31), "trukket_dato": None}
    assert regler.gyldig_pa(status="godkjent", dato=D(2024, 6, 1), **kw)
    assert not regler.gyldig_pa(status="godkjent", dato=D(2025, 1, 1), **kw)
    assert not regler.gyldig_pa(status="godkjent", dato=D(2023, 12, 31), **kw)
    kw["trukket_dato"] = D(2024, 6, 1)
    assert regler.gyldig_pa(status="trukket", dato=D(2024, 5, 31), **kw)
    assert not regler.gyldig_pa(status="trukket", dato=D(2024, 6, 1), **kw)


# --- faglig leder / instruktør ---------------------------------------------------------------------------------------
def test_ansvarlig_registrer_og_avslutt(fag, fa, fb):
    b = lag_bedrift("ELEKTRO AS", orgnr=lag_gyldig_orgnr())
    g = lag_godkjenning(b, fag["A"], fag["elektriker"])
    a = svc.registrer_ansvarlig(fa, g, rolle="instruktor", fornavn="Ivar", etternavn="Instruktør",
                                fra=D(2025, 1, 1), mobil="90000000")  # fmt: skip
    assert a.get_rolle_display() == "Instruktør"
    with pytest.raises(PermissionDenied):
        svc.avslutt_ansvarlig(fb, a, til=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="før «fra»"):
        svc.avslutt_ansvarlig(fa, a, til=D(2024, 6, 1))
    a = svc.avslutt_ansvarlig(fa, a, til=D(2025, 6, 1))
    assert a.til == D(2025, 6, 1)
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        svc.avslutt_ansvarlig(fa, a, til=D(2025, 7, 1))
    assert Hendelse.objects.filter(type=Hendelsestype.ANSVARLIG_AVSLUTTET, bedrift=b).exists()


# --- opplæringskontor -----------------------------------------------------------------------------------------------
def test_meld_inn_krever_kontor_og_godkjent_medlem(fag, fa, fb):
    kontor = lag_bedrift("OPPLÆRINGSKONTORET FOR ELEKTRO", orgnr=lag_gyldig_orgnr(),
                         type=Bedriftstype.OPPLAERINGSKONTOR)  # fmt: skip
    vanlig = lag_bedrift("VANLIG AS", orgnr=lag_gyldig_orgnr())
    medlem = lag_bedrift("MEDLEM AS", orgnr=lag_gyldig_orgnr())
    with pytest.raises(ValidationError, match="ikke registrert som opplæringskontor"):
        svc.meld_inn(fa, kontor=vanlig, medlem=medlem, fylke_id=fag["A"].pk, fra=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="ingen gyldig godkjenning i Trøndelag"):
        svc.meld_inn(fa, kontor=kontor, medlem=medlem, fylke_id=fag["A"].pk, fra=D(2025, 1, 1))
    # Approved in the other county only: still refused in A.
    lag_godkjenning(medlem, fag["B"], fag["elektriker"])
    with pytest.raises(ValidationError, match="ingen gyldig godkjenning"):
        svc.meld_inn(fa, kontor=kontor, medlem=medlem, fylke_id=fag["A"].pk, fra=D(2025, 1, 1))
    lag_godkjenning(medlem, fag["A"], fag["elektriker"])
    with pytest.raises(PermissionDenied):
        svc.meld_inn(fb, kontor=kontor, medlem=medlem, fylke_id=fag["A"].pk, fra=D(2025, 1, 1))
    ms = svc.meld_inn(fa, kontor=kontor, medlem=medlem, fylke_id=fag["A"].pk, fra=D(2025, 1, 1),
                      samarbeidsavtale=True)  # fmt: skip
    with pytest.raises(ValidationError, match="allerede medlem"):
        svc.meld_inn(fa, kontor=kontor, medlem=medlem, fylke_id=fag["A"].pk, fra=D(2025, 2, 1))
    with pytest.raises(ValidationError, match="før innmeldingen"):
        svc.meld_ut(fa, ms, til=D(2024, 1, 1))
    ms = svc.meld_ut(fa, ms, til=D(2025, 12, 31))
    assert ms.til == D(2025, 12, 31)
    with pytest.raises(ValidationError, match="allerede meldt ut"):
        svc.meld_ut(fa, ms, til=D(2026, 1, 1))
    # The member's timeline shows the membership rows written on the office.
    typer = {h.type for h in sel.tidslinje(fa, medlem)}
    assert {Hendelsestype.MEDLEM_INN, Hendelsestype.MEDLEM_UT} <= typer


# --- selectors -------------------------------------------------------------------------------------------------------
def test_bedrifter_scoping_filter_og_antall(fag, fa, fb):
    trondheim = Kommune.objects.get(nummer="5001")
    oslo = Kommune.objects.get(nummer="0301")
    a1 = lag_bedrift("AAA ELEKTRO AS", kommune=trondheim, orgnr=lag_gyldig_orgnr())
    a2 = lag_bedrift("BBB BARNEHAGE AS", kommune=trondheim, orgnr=lag_gyldig_orgnr())
    osl = lag_bedrift("OSLO ELEKTRO AS", kommune=oslo, orgnr=lag_gyldig_orgnr())
    assert set(sel.bedrifter(fa)) == {a1, a2}
    assert set(sel.bedrifter(fb)) == {osl}
    # County A approves the Oslo company: now A sees it too (a company may train for several counties).
    lag_godkjenning(osl, fag["A"], fag["elektriker"], fra=D(2020, 1, 1))
    lag_godkjenning(a1, fag["A"], fag["elektriker"], fra=D(2020, 1, 1))
    assert set(sel.bedrifter(fa)) == {a1, a2, osl}
    assert set(sel.bedrifter(fa, fag=fag["elektriker"])) == {a1, osl}
    assert set(sel.bedrifter(fa, bare_godkjente=True)) == {a1, osl}
    assert list(sel.bedrifter(fa, q="elektro")) == [a1, osl]
    assert list(sel.bedrifter(fa, q=a2.orgnr[:5])) == [a2] or a2 in sel.bedrifter(fa, q=a2.orgnr[:5])
    assert list(sel.bedrifter(fa, kommune=oslo)) == [osl]
    person = PersonFactory(fylke=fag["A"])
    lag_kontrakt(person, fag["A"], a1, fag["elektriker"], fra=D(2025, 8, 15))
    lag_kontrakt(PersonFactory(fylke=fag["A"]), fag["A"], a1, fag["elektriker"], fra=D(2025, 8, 15),
                 godkjent=False)  # fmt: skip
    rad = next(b for b in sel.bedrifter(fa, dato=D(2026, 1, 1)) if b.pk == a1.pk)
    assert rad.antall_lopende == 1 and rad.antall_godkjent == 1
    # County B does not see A's contract in its count.
    lag_godkjenning(a1, fag["B"], fag["elektriker"])
    rad_b = next(b for b in sel.bedrifter(fb, dato=D(2026, 1, 1)) if b.pk == a1.pk)
    assert rad_b.antall_lopende == 0


def test_godkjente_for_fag(fag, fa):
    ok = lag_bedrift("OK AS", orgnr=lag_gyldig_orgnr())
    konkurs = lag_bedrift("KONKURS AS", orgnr=lag_gyldig_orgnr(), konkurs=True)
    gammel = lag_bedrift("GAMMEL AS", orgnr=lag_gyldig_orgnr())
    for b in (ok, konkurs):
        lag_godkjenning(b, fag["A"], fag["elektriker"], fra=D(2020, 1, 1))
    lag_godkjenning(gammel, fag["A"], fag["elektriker"], fra=D(2020, 1, 1), godkjent_til=D(2024, 12, 31))
    assert list(sel.godkjente_for_fag(fa, fag["elektriker"], D(2025, 8, 1))) == [ok]
    assert set(sel.godkjente_for_fag(fa, fag["elektriker"], D(2024, 8, 1))) == {ok, gammel}
    assert list(sel.godkjente_for_fag(fa, fag["barne"], D(2025, 8, 1))) == []


def test_registrert_bedrift_i_annet_fylke_er_synlig_for_fylket(fag, fa, fb, er):
    orgnr = lag_gyldig_orgnr()
    er(enhet_json(orgnr, navn="OSLO BYGG AS", kommunenr="0301"))
    b = svc.registrer_bedrift(fa, orgnr=orgnr, fylke_id=fag["A"].pk)
    assert b.kommune.nummer == "0301"
    assert sel.bedrift_detalj(fa, b.pk) == b
    assert sel.bedrift_detalj(fb, b.pk) == b  # in Oslo's own kommune
    # County B's timeline does not show A's registration.
    assert sel.tidslinje(fb, b) == []


def test_hele_demofilen_kan_registreres_med_tjenestene(fag, settings):
    """Every unit of the synthetic Enhetsregisteret file goes through registrer_bedrift (the system, bruker=None):
    deleted units are refused, bankrupt ones registered but flagged, and approval refused for them."""
    from fagopplaering.enhetsregisteret.backend import _standard_fil

    settings.ENHETSREGISTERET = {"BACKEND": "fil", "FIL": str(_standard_fil()), "URL": "", "TIMEOUT": 1}
    enheter = FilBackend(_standard_fil()).alle()
    avvist = 0
    for e in enheter:
        try:
            svc.registrer_bedrift(
                None,
                orgnr=e.orgnr,
                fylke_id=fag["A"].pk,
                type=(
                    Bedriftstype.OPPLAERINGSKONTOR
                    if e.navn.startswith("OPPLÆRINGSKONTORET")
                    else Bedriftstype.SELVSTENDIG
                ),
            )
        except ValidationError as feil:
            assert "slettet i Enhetsregisteret" in " ".join(feil.messages)
            avvist += 1
    assert avvist == sum(e.slettet for e in enheter) >= 1
    assert Bedrift.objects.count() == len(enheter) - avvist
    assert Bedrift.objects.filter(type=Bedriftstype.OPPLAERINGSKONTOR).count() == 15
    assert (
        Bedrift.objects.filter(kommune__nummer="5001").exists()
        and Bedrift.objects.filter(kommune__nummer="0301").exists()
    )
    konkurs = Bedrift.objects.filter(konkurs=True).first()
    with pytest.raises(ValidationError, match="konkurs"):
        svc.godkjenn(None, bedrift=konkurs, fylke_id=fag["A"].pk, programomrade=fag["elektriker"],
                     godkjent_fra=D(2025, 1, 1))  # fmt: skip
