"""Contract services (fagopplaering.services.kontrakt) and selectors: create (also from a formidling), approval kept
apart from the start, changes waiting for consent, avbrudd moving læretid til, ending with C12, conversion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fagopplaering.models import (
    Avbrudd,
    Bedriftstype,
    Formidling,
    Hendelse,
    Hendelsestype,
    Kontrakt,
    Kontraktendring,
    Medlemskap,
)
from fagopplaering.regler import kontrakt as regel
from fagopplaering.selectors import kontrakt as sel
from fagopplaering.services import kontrakt as tj
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import lag_bedrift as _lag_bedrift
from tests.fagopplaering.fabrikker import lag_faglig_leder, lag_godkjenning, lag_gyldig_orgnr, lag_kontrakt
from vigo.models import Rolle

pytestmark = pytest.mark.django_db
D = dt.date


def lag_bedrift(navn, **kw):
    return _lag_bedrift(navn, orgnr=lag_gyldig_orgnr(), **kw)


@pytest.fixture
def oppsett(fag, brukere):
    a = fag["A"]
    bedrift = lag_bedrift("Lyn Elektro AS", kommune=Kommune.objects.get(nummer="5001"))
    godkj = lag_godkjenning(bedrift, a, fag["elektriker"])
    leder = lag_faglig_leder(godkj)
    return {
        "fag": fag, "A": a, "B": fag["B"], "bedrift": bedrift, "godkj": godkj, "leder": leder,
        "person": PersonFactory(fylke=a), "bruker": brukere["A"][Rolle.FAGOPPLAERING], "brukere": brukere,
    }  # fmt: skip


def _ny(o, **kw):
    args = dict(fylke_id=o["A"].pk, person=o["person"], kontraktstype="LK", programomrade=o["fag"]["elektriker"],
                bedrift=o["bedrift"], laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24)  # fmt: skip
    args.update(kw)
    return tj.opprett_kontrakt(o["bruker"], **args)


def _godkjent(o, **kw):
    k = _ny(o, **kw)
    tj.send_til_godkjenning(o["bruker"], k)
    return tj.godkjenn_kontrakt(o["bruker"], k, dato=D(2025, 10, 1))


def test_opprett_beregner_laeretid_til_og_velger_eneste_faglige_leder(oppsett):
    k = _ny(oppsett)
    assert k.laeretid_til == D(2027, 8, 14)
    assert k.status == "opprettet" and k.godkjent_dato is None
    assert k.faglig_leder == oppsett["leder"] and k.godkjenning == oppsett["godkj"]
    assert k.hjemfylke == oppsett["A"] and k.tilskudd is True
    h = Hendelse.objects.get(kontrakt=k)
    assert h.type == Hendelsestype.KONTRAKT_OPPRETTET and "14.08.2027" in h.tekst
    assert k.history.first().history_user == oppsett["bruker"]


def test_opprett_krever_godkjent_bedrift_pa_startdato(oppsett):
    annen = lag_bedrift("Ugodkjent AS")
    with pytest.raises(ValidationError) as e:
        _ny(oppsett, bedrift=annen)
    assert "ikke godkjent som lærebedrift" in str(e.value)
    with pytest.raises(ValidationError):
        _ny(oppsett, laeretid_fra=D(2019, 8, 1))  # before the approval
    oppsett["godkj"].status = "trukket"
    oppsett["godkj"].save()
    with pytest.raises(ValidationError):
        _ny(oppsett)
    assert not Kontrakt.objects.exists()


def test_opprett_refuses_second_open_contract_and_bad_input(oppsett):
    _ny(oppsett)
    with pytest.raises(ValidationError, match="allerede en kontrakt"):
        _ny(oppsett, laeretid_fra=D(2026, 1, 1))
    p2 = PersonFactory(fylke=oppsett["A"])
    with pytest.raises(ValidationError, match="Godskrivingen"):
        _ny(oppsett, person=p2, godskriving_mnd=24)
    with pytest.raises(ValidationError, match="Netto læretid"):
        _ny(oppsett, person=p2, netto_laeretid_mnd=0)
    with pytest.raises(ValidationError, match="elevkurs"):
        _ny(oppsett, person=p2, kontraktstype="VG3")
    with pytest.raises(ValidationError, match="Ukjente felt"):
        _ny(oppsett, person=p2, tull=1)


def test_begrenset_godkjenning_bare_laerekandidater(oppsett):
    oppsett["godkj"].begrenset = True
    oppsett["godkj"].save()
    with pytest.raises(ValidationError, match="begrenset godkjenning"):
        _ny(oppsett)
    assert _ny(oppsett, kontraktstype="OK").kontraktstype.kode == "OK"


def test_opplaeringskontor_med_medlemsbedrift(oppsett):
    o = oppsett
    kontor = lag_bedrift("Opplæringskontoret for elektrofag", type=Bedriftstype.OPPLAERINGSKONTOR)
    lag_godkjenning(kontor, o["A"], o["fag"]["elektriker"])
    Medlemskap.objects.create(opplaeringskontor=kontor, medlem=o["bedrift"], fylke=o["A"], fra=D(2020, 1, 1))
    k = _ny(o, bedrift=kontor, medlemsbedrift=o["bedrift"])
    assert k.medlemsbedrift == o["bedrift"] and k.faglig_leder == o["leder"]  # the member's leader
    ikke_medlem = lag_bedrift("Annen AS")
    lag_godkjenning(ikke_medlem, o["A"], o["fag"]["elektriker"])
    with pytest.raises(ValidationError, match="ikke medlem"):
        _ny(o, person=PersonFactory(fylke=o["A"]), bedrift=kontor, medlemsbedrift=ikke_medlem)
    with pytest.raises(ValidationError, match="opplæringskontor"):
        _ny(o, person=PersonFactory(fylke=o["A"]), medlemsbedrift=ikke_medlem)


def test_tilgang(oppsett):
    b = oppsett["brukere"]
    with pytest.raises(PermissionDenied):
        tj.opprett_kontrakt(b["A"][Rolle.INNTAK], fylke_id=oppsett["A"].pk, person=oppsett["person"],
                            kontraktstype="LK", programomrade=oppsett["fag"]["elektriker"], bedrift=oppsett["bedrift"],
                            laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24)  # fmt: skip
    with pytest.raises(PermissionDenied):
        tj.opprett_kontrakt(b["B"][Rolle.FAGOPPLAERING], fylke_id=oppsett["A"].pk, person=oppsett["person"],
                            kontraktstype="LK", programomrade=oppsett["fag"]["elektriker"], bedrift=oppsett["bedrift"],
                            laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24)  # fmt: skip
    k = _ny(oppsett)
    with pytest.raises(PermissionDenied):
        tj.send_til_godkjenning(b["B"][Rolle.FAGOPPLAERING], k)
    with pytest.raises(PermissionDenied):
        tj.registrer_avbrudd(b["A"][Rolle.INNTAK], k, fra=D(2026, 1, 1), arsak="sykdom")
    assert list(sel.kontrakter(b["B"][Rolle.FAGOPPLAERING])) == []
    assert sel.kontrakt_detalj(b["B"][Rolle.FAGOPPLAERING], k.pk) is None
    assert sel.kontrakt_detalj(oppsett["bruker"], k.pk) == k


def test_godkjenning_flytter_ikke_start(oppsett):
    k = _ny(oppsett)
    with pytest.raises(ValidationError, match="kan ikke bli godkjent"):
        tj.godkjenn_kontrakt(oppsett["bruker"], k, dato=D(2025, 10, 1))  # must be sent first
    tj.send_til_godkjenning(oppsett["bruker"], k)
    with pytest.raises(ValidationError, match="fram i tid"):
        tj.godkjenn_kontrakt(oppsett["bruker"], k, dato=dt.date.today() + dt.timedelta(days=3))
    k = tj.godkjenn_kontrakt(oppsett["bruker"], k, dato=D(2025, 10, 1))
    k.refresh_from_db()
    assert (k.status, k.godkjent_dato, k.laeretid_fra) == ("godkjent", D(2025, 10, 1), D(2025, 8, 15))
    assert k.godkjent_av == oppsett["bruker"]
    assert Kontrakt.objects.filter(sel.lopende_q(D(2025, 9, 1)), pk=k.pk).exists()  # in force from the start
    assert not Kontrakt.objects.filter(
        sel.lopende_q(D(2025, 9, 1), uttrekksdato=D(2025, 9, 30)), pk=k.pk
    ).exists()
    with pytest.raises(ValidationError):
        tj.annuller(oppsett["bruker"], k, grunn="feil")


def test_avbrudd_flytter_slutten_og_apent_avbrudd(oppsett):
    k = _godkjent(oppsett)
    a = tj.registrer_avbrudd(oppsett["bruker"], k, fra=D(2026, 3, 1), til=D(2026, 3, 31), arsak="sykdom")
    k.refresh_from_db()
    assert k.laeretid_til == D(2027, 9, 14)
    h = Hendelse.objects.filter(kontrakt=k, type=Hendelsestype.AVBRUDD_REGISTRERT).get()
    assert "14.08.2027 → 14.09.2027" in h.tekst
    apent = tj.registrer_avbrudd(oppsett["bruker"], k, fra=D(2026, 6, 1), arsak="permisjon")
    k.refresh_from_db()
    assert k.laeretid_til == D(2027, 9, 14)  # foreløpig, until the avbrudd ends
    assert tj.beregn_laeretid(k).dato is None
    with pytest.raises(ValidationError, match="ikke er avsluttet"):
        tj.registrer_avbrudd(oppsett["bruker"], k, fra=D(2026, 7, 1), arsak="annet")
    with pytest.raises(ValidationError):
        tj.avslutt_avbrudd(oppsett["bruker"], apent, til=D(2026, 5, 1))
    tj.avslutt_avbrudd(oppsett["bruker"], apent, til=D(2026, 6, 10))
    k.refresh_from_db()
    assert k.laeretid_til == D(2027, 9, 24)
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        tj.avslutt_avbrudd(oppsett["bruker"], a, til=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="før læretid fra"):
        tj.registrer_avbrudd(oppsett["bruker"], k, fra=D(2025, 1, 1), til=D(2025, 1, 2), arsak="annet")
    assert Avbrudd.objects.filter(kontrakt=k).count() == 2


def test_endring_pa_godkjent_kontrakt_venter_pa_godkjenning(oppsett):
    k = _godkjent(oppsett)
    e = tj.foresla_endring(
        oppsett["bruker"], k, felt={"netto_laeretid_mnd": 30}, begrunnelse="Avtalt forlenget"
    )
    k.refresh_from_db()
    assert e.status == "venter" and k.netto_laeretid_mnd == 24 and k.laeretid_til == D(2027, 8, 14)
    with pytest.raises(ValidationError, match="venter"):
        tj.foresla_endring(oppsett["bruker"], k, felt={"arbeidsavtale_ref": "A-1"}, begrunnelse="x")
    tj.behandle_endring(oppsett["bruker"], e, godkjenn=True)
    k.refresh_from_db()
    assert k.netto_laeretid_mnd == 30 and k.laeretid_til == D(2028, 2, 14)
    assert "14.08.2027 → 14.02.2028" in Hendelse.objects.filter(
        kontrakt=k, type=Hendelsestype.KONTRAKT_ENDRING_GODKJENT).get().tekst  # fmt: skip
    with pytest.raises(ValidationError, match="allerede behandlet"):
        tj.behandle_endring(oppsett["bruker"], e, godkjenn=False)
    e2 = tj.foresla_endring(oppsett["bruker"], k, felt={"arbeidsavtale_ref": "A-1"}, begrunnelse="Ny avtale")
    tj.behandle_endring(oppsett["bruker"], e2, godkjenn=False)
    k.refresh_from_db()
    assert k.arbeidsavtale_ref == "" and Kontraktendring.objects.get(pk=e2.pk).status == "avvist"


def test_endring_for_godkjenning_gjelder_straks_og_valideres(oppsett):
    k = _ny(oppsett)
    with pytest.raises(ValidationError, match="Ingen felt"):
        tj.foresla_endring(oppsett["bruker"], k, felt={"netto_laeretid_mnd": 24}, begrunnelse="x")
    with pytest.raises(ValidationError, match="kan ikke endres"):
        tj.foresla_endring(oppsett["bruker"], k, felt={"person": 1}, begrunnelse="x")
    with pytest.raises(ValidationError, match="ikke godkjent"):
        tj.foresla_endring(oppsett["bruker"], k, felt={"bedrift": lag_bedrift("Ny AS")}, begrunnelse="x")
    e = tj.foresla_endring(
        oppsett["bruker"], k, felt={"laeretid_fra": D(2025, 9, 1)}, begrunnelse="Senere start"
    )
    k.refresh_from_db()
    assert e.status == "godkjent" and k.laeretid_fra == D(2025, 9, 1) and k.laeretid_til == D(2027, 8, 31)


def _kode(mate, **kw):
    return dict(dato=D(2026, 1, 10), mate=mate, **kw)


def test_avslutning(oppsett):
    k = _godkjent(oppsett)
    with pytest.raises(ValidationError) as e:
        tj.avslutt_kontrakt(oppsett["bruker"], k, **_kode("hevet", avslutningskode="FV", hevet_av="B"))
    assert "muntlig_hort" in e.value.error_dict
    with pytest.raises(ValidationError):
        tj.avslutt_kontrakt(oppsett["bruker"], k, **_kode("oppsagt", avslutningskode="AB"))
    with pytest.raises(ValidationError):
        tj.avslutt_kontrakt(oppsett["bruker"], k, **_kode("oppsagt", avslutningskode=None))
    tj.registrer_avbrudd(oppsett["bruker"], k, fra=D(2026, 1, 1), arsak="sykdom")
    k = tj.avslutt_kontrakt(oppsett["bruker"], k, **_kode("hevet", avslutningskode="FV", hevet_av="B",
                                                          muntlig_hort=D(2026, 1, 5)))  # fmt: skip
    k.refresh_from_db()
    assert (k.status, k.avsluttet_dato, k.avslutningskode.kode, k.hevet_av.kode) == (
        "avsluttet", D(2026, 1, 10), "FV", "B")  # fmt: skip
    assert k.muntlig_hort == D(2026, 1, 5)
    assert k.avbrudd.get().til == D(2026, 1, 10)  # the open avbrudd ends with the contract
    assert not Kontrakt.objects.filter(sel.lopende_q(D(2025, 12, 1)), pk=k.pk).exists()  # §0.4: has a code
    with pytest.raises(ValidationError, match="kan ikke bli"):
        tj.avslutt_kontrakt(oppsett["bruker"], k, **_kode("oppsagt", avslutningskode="AR"))
    with pytest.raises(ValidationError):
        tj.registrer_avbrudd(oppsett["bruker"], k, fra=D(2026, 1, 1), arsak="sykdom")


def test_oppsagt_setter_begge_parter_og_ikke_godkjent_annulleres(oppsett):
    k = _godkjent(oppsett)
    k = tj.avslutt_kontrakt(oppsett["bruker"], k, **_kode("oppsagt", avslutningskode="AR"))
    assert k.hevet_av.kode == "LB"
    p = PersonFactory(fylke=oppsett["A"])
    k2 = _ny(oppsett, person=p)
    with pytest.raises(ValidationError, match="Annuller"):
        tj.avslutt_kontrakt(oppsett["bruker"], k2, **_kode("oppsagt", avslutningskode="AR"))
    with pytest.raises(ValidationError):
        tj.annuller(oppsett["bruker"], k2, grunn=" ")
    tj.annuller(oppsett["bruker"], k2, grunn="Registrert to ganger")
    k2.refresh_from_db()
    assert k2.status == "annullert"
    assert _ny(oppsett, person=p).pk  # an annulled contract does not block a new one


def test_omgjoring_til_laerekontrakt(oppsett):
    k = _godkjent(oppsett, kontraktstype="OK")
    with pytest.raises(ValidationError):
        tj.omgjor_til_laerekontrakt(oppsett["bruker"], k, fra=D(2025, 8, 1), netto_laeretid_mnd=24)
    ny = tj.omgjor_til_laerekontrakt(oppsett["bruker"], k, fra=D(2026, 8, 15), netto_laeretid_mnd=24,
                                     godskriving_mnd=6)  # fmt: skip
    k.refresh_from_db()
    assert (k.status, k.avslutningsmate, k.avslutningskode.kode, k.avsluttet_dato) == (
        "avsluttet", "overfort", "EK", D(2026, 8, 14))  # fmt: skip
    assert ny.forrige == k and ny.kontraktstype.kode == "LK" and ny.status == "godkjent"
    assert ny.laeretid_til == D(2028, 2, 14) and ny.faglig_leder == oppsett["leder"]
    assert Hendelse.objects.filter(type=Hendelsestype.KONTRAKT_OMGJORT).count() == 2
    lk = _godkjent(oppsett, person=PersonFactory(fylke=oppsett["A"]))
    with pytest.raises(ValidationError, match="opplæringskontrakt"):
        tj.omgjor_til_laerekontrakt(oppsett["bruker"], lk, fra=D(2026, 8, 15), netto_laeretid_mnd=24)


def _formidling(o, status="akseptert", **kw):
    return Formidling.objects.create(
        person=o["person"], fylke=o["A"], skolear=o["fag"]["skolear"][2025], programomrade=o["fag"]["elektriker"],
        status=status, status_dato=D(2025, 6, 1), bedrift=o["bedrift"], ungdomsrett=True, **kw,
    )  # fmt: skip


def test_opprett_fra_formidling_i_ett_steg(oppsett):
    f = _formidling(oppsett)
    k = tj.opprett_fra_formidling(oppsett["bruker"], f, laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24)
    f.refresh_from_db()
    assert f.status == "kontrakt" and k.formidling == f
    assert (k.person, k.bedrift, k.kontraktstype.kode, k.ungdomsrett) == (oppsett["person"], oppsett["bedrift"], "LK",
                                                                           True)  # fmt: skip
    assert Hendelse.objects.filter(formidling=f, type=Hendelsestype.FORMIDLING_STATUS).exists()
    tj.annuller(oppsett["bruker"], k, grunn="Bedriften trakk tilbudet")
    f.refresh_from_db()
    assert f.status == "sokt"


def test_opprett_fra_formidling_krever_akseptert_og_ruller_tilbake(oppsett):
    f = _formidling(oppsett, status="tilbud")
    with pytest.raises(ValidationError, match="takket ja"):
        tj.opprett_fra_formidling(oppsett["bruker"], f, laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24)
    f.status = "akseptert"
    f.save()
    with pytest.raises(ValidationError):
        tj.opprett_fra_formidling(oppsett["bruker"], f, laeretid_fra=D(2019, 1, 1), netto_laeretid_mnd=24)
    f.refresh_from_db()
    assert f.status == "akseptert" and not Kontrakt.objects.exists()
    with pytest.raises(ValidationError, match="kandidattypen"):
        tj.opprett_fra_formidling(oppsett["bruker"], f, laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24,
                                  kontraktstype="OK")  # fmt: skip


def test_lopende_q_er_samme_regel_som_python(oppsett):
    o = oppsett
    el = o["fag"]["elektriker"]
    kontrakter = [
        lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, fra=D(2025, 8, 15)),
        lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, fra=D(2024, 1, 1), mnd=12),
        lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, godkjent=False),
        lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, fra=D(2025, 2, 1)),
        lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, fra=D(2025, 3, 1)),
    ]
    Avbrudd.objects.create(kontrakt=kontrakter[3], fra=D(2025, 12, 1), til=D(2026, 1, 15))
    Avbrudd.objects.create(kontrakt=kontrakter[4], fra=D(2025, 11, 20))
    kontrakter[0].avslutningskode_id = None
    datoer = [D(2024, 6, 1), D(2025, 1, 1), D(2025, 8, 15), D(2025, 11, 30), D(2025, 12, 15), D(2026, 1, 16),
              D(2027, 8, 14), D(2027, 8, 15)]  # fmt: skip
    for dato in datoer:
        db = set(Kontrakt.objects.filter(sel.lopende_q(dato)).values_list("pk", flat=True))
        py = {k.pk for k in kontrakter if regel.lopende_pa(k, dato, avbrudd=sel.avbrudd_perioder(k))}
        assert py == {k.pk for k in kontrakter if regel.lopende_pa(k, dato)}  # the related rows by default
        assert db == py, dato


def test_selektor_filtre(oppsett):
    o = oppsett
    k = _godkjent(o)
    b = o["bruker"]
    assert list(sel.kontrakter(b, status="godkjent")) == [k]
    assert list(sel.kontrakter(b, status="avsluttet")) == []
    assert list(sel.kontrakter(b, q=o["person"].fodselsnummer)) == [k]
    assert list(sel.kontrakter(b, q=o["person"].etternavn[:3])) == [k]
    assert list(sel.kontrakter(b, q=o["bedrift"].orgnr)) == [k]
    assert list(sel.kontrakter(b, q="Lyn")) == [k]
    assert list(sel.kontrakter(b, bedrift=o["bedrift"], programomrade=o["fag"]["elektriker"])) == [k]
    assert list(sel.kontrakter(b, lopende_pa=D(2026, 1, 1))) == [k]
    assert list(sel.kontrakter(b, slutter_innen=4, idag=D(2027, 5, 1))) == [k]
    assert list(sel.kontrakter(b, slutter_innen=2, idag=D(2027, 5, 1))) == []
    rader = sel.tidslinje(sel.kontrakt_detalj(b, k.pk))
    assert [r.tittel for r in rader][:1] == ["Kontrakt opprettet"]
    assert rader == sorted(rader, key=lambda r: r.tid)
