"""Oppfølgingstjenesten: the target-group rule, meld_til_ot, the 6A015 extracts and the 6I015 import."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inntak.elev.models import Elevforhold, Otenhet, OtNotat, Otstatus, OtUngdom
from inntak.elev.regler.ot import alder, aldersgrenser, fodselsdato_grenser, i_malgruppen
from inntak.elev.services import ot as tjeneste
from kodeverk import models as km
from tests.fabrikker import PersonFactory, syntetisk_fnr
from tests.inntak.conftest import inntak, lag_soknad  # noqa: F401
from vigo.models import Innsyn, KjoringLogg, KjoringStatus, Rolle

D = datetime.date


# --- The rule (no database) -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fodt", "dato", "forventet"),
    [
        (D(2009, 6, 1), D(2024, 6, 1), True),  # 15 on the day
        (D(2009, 6, 2), D(2024, 6, 1), False),  # 14
        (D(2002, 6, 2), D(2024, 6, 1), True),  # 21 before autumn 2024
        (D(2002, 6, 1), D(2024, 6, 1), False),  # 22 before autumn 2024: outside
        (D(2002, 6, 1), D(2024, 8, 1), True),  # 22 from autumn 2024: inside
        (D(2000, 8, 2), D(2025, 8, 1), True),  # 24
        (D(2000, 8, 1), D(2025, 8, 1), False),  # 25
    ],
)
def test_malgruppen_etter_alder_og_dato(fodt, dato, forventet):
    assert i_malgruppen(fodt, dato) is forventet
    eldste, yngste = fodselsdato_grenser(dato)
    assert (eldste <= fodt <= yngste) is forventet  # the SQL bounds say the same


def test_aldersgrenser_og_skuddar():
    assert aldersgrenser(D(2024, 7, 31)) == (15, 21)
    assert aldersgrenser(D(2024, 8, 1)) == (15, 24)
    assert alder(D(2008, 2, 29), D(2023, 2, 28)) == 14 and alder(D(2008, 2, 29), D(2023, 3, 1)) == 15
    for dato in (D(2024, 2, 29), D(2025, 2, 28), D(2025, 3, 1)):
        eldste, yngste = fodselsdato_grenser(dato)
        assert i_malgruppen(eldste, dato) and i_malgruppen(yngste, dato)
        assert not i_malgruppen(eldste - datetime.timedelta(days=1), dato)
        assert not i_malgruppen(yngste + datetime.timedelta(days=1), dato)


# --- meld_til_ot ------------------------------------------------------------------------------------------------
def _person(fodt: D, fylke=None, **kw):
    return PersonFactory(fodselsnummer=syntetisk_fnr(fodt), **({"fylke": fylke} if fylke else {}), **kw)


@pytest.mark.django_db
def test_meld_til_ot_er_idempotent_og_overskriver_ikke_aktiv_status(kodeverk):
    a = kodeverk["A"]
    idag = timezone.localdate()
    ung, gammel, barn = (
        _person(D(2008, 1, 1)),
        _person(D(1990, 1, 1)),
        _person(idag - datetime.timedelta(days=400)),
    )
    n = tjeneste.meld_til_ot(
        fylke=a, person_ids=[ung.pk, gammel.pk, barn.pk, ung.pk], arsak="slutter", dato=idag
    )
    assert n == 1
    ot = OtUngdom.objects.get()
    assert (ot.person, ot.status.kode, ot.arsak, ot.aktiv) == (ung, "OTUK", "slutter", True)
    assert ot.history.count() == 1 and ot.history.first().history_type == "+"
    # Again: nobody new, and OT's own status stays.
    ot.status = Otstatus.objects.get(kode="OTAR")
    ot.save()
    assert tjeneste.meld_til_ot(fylke=a, person_ids=[ung.pk], arsak="takket_nei", dato=idag) == 0
    ot.refresh_from_db()
    assert (ot.status.kode, ot.arsak) == ("OTAR", "slutter")
    # An inactive row is reactivated with OTUK and the new reason, with a history row.
    OtUngdom.objects.filter(pk=ot.pk).update(aktiv=False)
    assert tjeneste.meld_til_ot(fylke=a, person_ids=[ung.pk], arsak="takket_nei", dato=idag) == 1
    ot.refresh_from_db()
    assert (ot.status.kode, ot.arsak, ot.aktiv) == ("OTUK", "takket_nei", True)
    assert ot.history.first().history_type == "~"
    # Another county has its own row.
    assert tjeneste.meld_til_ot(fylke=kodeverk["B"], person_ids=[ung.pk], arsak="slutter", dato=idag) == 1
    assert tjeneste.meld_til_ot(fylke=a, person_ids=[], arsak="slutter", dato=idag) == 0


@pytest.mark.django_db
def test_meld_til_ot_malgruppen_folger_datoen(kodeverk):
    p = _person(D(2002, 6, 1))  # 22 in June 2024
    assert (
        tjeneste.meld_til_ot(fylke=kodeverk["A"], person_ids=[p.pk], arsak="slutter", dato=D(2024, 6, 1)) == 0
    )
    assert (
        tjeneste.meld_til_ot(fylke=kodeverk["A"], person_ids=[p.pk], arsak="slutter", dato=D(2024, 9, 1)) == 1
    )


# --- The caseworker's writes ------------------------------------------------------------------------------------
def _saertilgang(bruker):
    bruker.user_permissions.add(
        Permission.objects.get(content_type__app_label="vigo", codename="saertilgang")
    )
    return type(bruker).objects.get(pk=bruker.pk)  # fresh permission cache


@pytest.mark.django_db
def test_status_notat_og_tilgang(kodeverk, brukere):
    p = _person(D(2008, 1, 1), fylke=kodeverk["A"])
    tjeneste.meld_til_ot(fylke=kodeverk["A"], person_ids=[p.pk], arsak="slutter", dato=timezone.localdate())
    ot = OtUngdom.objects.get()
    otb = brukere["A"][Rolle.OT]
    tjeneste.endre_otstatus(otb, ot, status="OTOV", dato=timezone.localdate(), grunn="Kontakt opprettet")
    ot.refresh_from_db()
    h = ot.history.first()
    assert (ot.status.kode, h.history_user, h.history_change_reason) == ("OTOV", otb, "Kontakt opprettet")
    with pytest.raises(ValidationError):
        tjeneste.endre_otstatus(otb, ot, status="FINNESIKKE", dato=timezone.localdate(), grunn="x")
    for annen in (brukere["B"][Rolle.OT], brukere["A"][Rolle.SKOLE], brukere["A"][Rolle.LESE]):
        with pytest.raises(PermissionDenied):
            tjeneste.endre_otstatus(annen, ot, status="OTAR", dato=timezone.localdate(), grunn="x")
    # Notes need særtilgang.
    with pytest.raises(PermissionDenied):
        tjeneste.skriv_otnotat(otb, ot, tekst="Møte avtalt")
    otb = _saertilgang(otb)
    notat = tjeneste.skriv_otnotat(otb, ot, tekst="Møte avtalt")
    assert (notat.skrevet_av, OtNotat.objects.count()) == (otb, 1)
    # Group 5 ends the follow-up.
    tjeneste.endre_otstatus(otb, ot, status="OTFA_IM", dato=timezone.localdate(), grunn="Flyttet")
    ot.refresh_from_db()
    assert not ot.aktiv
    # Unit of the same county only.
    enhet_b = Otenhet.objects.create(fylke=kodeverk["B"], kode="X", navn="Oslo OT")
    with pytest.raises(ValidationError):
        tjeneste.sett_otenhet(otb, ot, otenhet=enhet_b)
    enhet = Otenhet.objects.create(fylke=kodeverk["A"], kode="S", navn="OT sør")
    assert tjeneste.sett_otenhet(otb, ot, otenhet=enhet).otenhet == enhet


@pytest.mark.django_db
def test_meld_manuelt(kodeverk, brukere):
    p = _person(D(1995, 1, 1), fylke=kodeverk["A"])  # outside the target group: OT may still register
    otb = brukere["A"][Rolle.OT]
    ot = tjeneste.meld_manuelt(otb, p, grunn="Henvendelse fra NAV")
    assert (ot.arsak, ot.status.kode, ot.fylke) == ("manuell", "OTUK", kodeverk["A"])
    with pytest.raises(ValidationError):
        tjeneste.meld_manuelt(otb, p, grunn="igjen")
    with pytest.raises(PermissionDenied):
        tjeneste.meld_manuelt(brukere["B"][Rolle.OT], p, grunn="annet fylke")


# --- 6A015 ------------------------------------------------------------------------------------------------------
def _kjor(kode: str, fylke, bruker, **parametere):
    from vigo.jobber.tjenester import start_kjoring, utfor

    kj = start_kjoring(kode, fylke, bruker=bruker, parametere=parametere, send=False,
                       overstyring="test: rett er beregnet")  # fmt: skip
    status = utfor(kj.pk)
    kj.refresh_from_db()
    return kj, status


def _fil(kj) -> list[dict]:
    kf = kj.filer.get()
    innhold = kf.fil.open("rb").read()
    assert innhold.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    return list(csv.DictReader(io.StringIO(innhold.decode("utf-8-sig")), delimiter=";"))


def _elevkurs(person, skole, po, ar, start, avbrudd=None):
    return Elevforhold.objects.create(person=person, skole=skole, programomrade=po, skolear=ar, startdato=start,
                                      avbruddsdato=avbrudd)  # fmt: skip


@pytest.mark.django_db
def test_6A015_sluttere(inntak, brukere):  # noqa: F811
    a, ar, po = inntak.kv["skole_a"], inntak.ar, inntak.po["ST"]
    sluttet = _person(D(2008, 3, 3), fylke=inntak.A, epost="s@example.no")
    ek = _elevkurs(sluttet, a, po, ar, D(2026, 8, 20), D(2026, 10, 15))
    igjen = _person(D(2008, 4, 4))  # left, then started elsewhere: not a slutter
    _elevkurs(igjen, a, po, ar, D(2026, 8, 20), D(2026, 10, 1))
    _elevkurs(igjen, inntak.kv["skole_a2"], po, ar, D(2026, 10, 5))
    utenfor = _person(D(2008, 5, 5))  # left outside the period
    _elevkurs(utenfor, a, po, ar, D(2026, 8, 20), D(2026, 9, 15))
    oslo = _person(D(2008, 6, 6))  # another county's school
    _elevkurs(oslo, inntak.kv["skole_b"], po, ar, D(2026, 8, 20), D(2026, 10, 15))
    kj, status = _kjor("6A015", inntak.A, brukere["A"][Rolle.OT], utvalg="sluttere", fra="2026-10-01",
                       til="2026-10-31")  # fmt: skip
    assert status == KjoringStatus.FERDIG, list(kj.logg.values_list("tekst", flat=True))
    assert (kj.resultat["populasjon"], kj.resultat["meldt"], kj.resultat["i_filen"]) == (1, 1, 1)
    ot = OtUngdom.objects.get()
    assert (ot.person, ot.arsak, ot.elevkurs, ot.fylke) == (sluttet, "slutter", ek, inntak.A)
    rader = _fil(kj)
    assert rader[0]["fnr"] == sluttet.fodselsnummer and rader[0]["promrkode"] == "STUSP1----"
    assert (rader[0]["aktivitetskode"], rader[0]["slutt"], rader[0]["epost"]) == (
        "OTUK",
        "2026-10-15",
        "s@example.no",
    )
    assert Innsyn.objects.filter(handling="eksport", antall=1).exists()
    # Run again: the file still lists the youth, nobody new is reported.
    kj2, _ = _kjor(
        "6A015", inntak.A, brukere["A"][Rolle.OT], utvalg="sluttere", fra="2026-10-01", til="2026-10-31"
    )
    assert (kj2.resultat["meldt"], kj2.resultat["i_filen"]) == (0, 1)


def _runde(inntak, soknader_svar):  # noqa: F811
    from inntak.models import Inntakskjoring, Svar

    ik = Inntakskjoring.objects.create(fylke=inntak.A, skolear=inntak.ar, niva="VG1", runde=1, simulering=False,
                                       seed=1, regelsett="test", snapshot={}, resultat={}, resultat_sha256="",
                                       publisert=True)  # fmt: skip
    for soknad, svar in soknader_svar:
        Svar.objects.create(inntakskjoring=ik, soknad=soknad, svar=svar)
    return ik


@pytest.mark.django_db
def test_6A015_takket_nei_med_og_uten_laerlinger(inntak, lag_soknad, brukere):  # noqa: F811
    from inntak.models import Onske, Tilbud

    nei = lag_soknad(person=_person(D(2010, 1, 1)))
    frist = lag_soknad(person=_person(D(2010, 2, 2)))
    ja = lag_soknad(person=_person(D(2010, 3, 3)))
    laerling = lag_soknad(person=_person(D(2008, 4, 4)))
    po_laer = km.Programomrade.objects.create(kode="ELELE4----", navn="Elektrikerfaget", niva="LAER")
    t = Tilbud.objects.create(fylke=inntak.A, skole=inntak.kv["skole_a"], programomrade=po_laer, skolear=inntak.ar,
                              plasser=5)  # fmt: skip
    Onske.objects.create(soknad=laerling, tilbud=t, nr=9)
    _runde(inntak, [(nei, "nei"), (frist, "frist_oversittet"), (ja, "ja"), (laerling, "nei")])
    otb = brukere["A"][Rolle.OT]
    kj, status = _kjor("6A015", inntak.A, otb, utvalg="takket_nei", uten_laerlinger=True, skolear="2026-2027")
    assert status == KjoringStatus.FERDIG
    assert set(OtUngdom.objects.values_list("person_id", flat=True)) == {nei.person_id, frist.person_id}
    assert {r["fnr"] for r in _fil(kj)} == {nei.person.fodselsnummer, frist.person.fodselsnummer}
    kj, _ = _kjor("6A015", inntak.A, otb, utvalg="takket_nei", skolear="2026-2027")
    assert (
        kj.resultat["meldt"] == 1
        and OtUngdom.objects.filter(person=laerling.person, arsak="takket_nei").exists()
    )


@pytest.mark.django_db
def test_6A015_ikke_startet(inntak, lag_soknad, brukere):  # noqa: F811
    startet = lag_soknad(person=_person(D(2010, 1, 1)))
    _elevkurs(startet.person, inntak.kv["skole_a"], inntak.po["ST"], inntak.ar, D(2026, 8, 20))
    ikke = lag_soknad(person=_person(D(2010, 2, 2)))
    kj, status = _kjor("6A015", inntak.A, brukere["A"][Rolle.OT], utvalg="ikke_startet", skolear="2026-2027")
    assert status == KjoringStatus.FERDIG
    assert list(OtUngdom.objects.values_list("person_id", "arsak")) == [(ikke.person_id, "ikke_startet")]
    assert [r["fnr"] for r in _fil(kj)] == [ikke.person.fodselsnummer]


@pytest.mark.django_db
def test_6A015_ikke_sokere(inntak, lag_soknad, brukere):  # noqa: F811
    a, ar = inntak.kv["skole_a"], inntak.ar
    vg1 = _person(D(2010, 1, 1))  # a Vg1 pupil this year who did not apply for next year
    _elevkurs(vg1, a, inntak.po["ST"], ar, D(2026, 8, 20))
    sokte = _person(D(2010, 2, 2))  # applied for next year
    _elevkurs(sokte, a, inntak.po["ST"], ar, D(2026, 8, 20))
    from inntak.models import Tilbud

    neste = Tilbud.objects.create(fylke=inntak.A, skole=a, programomrade=inntak.po["STREA2"], skolear=inntak.neste,
                                  plasser=30)  # fmt: skip
    lag_soknad(person=sokte, skolear=inntak.neste, niva="VG2", onsker=[neste])
    preutfylt = _person(D(2010, 4, 4))  # 5A006 prefilled a søknad, but nobody sent it
    _elevkurs(preutfylt, a, inntak.po["ST"], ar, D(2026, 8, 20))
    utkast = lag_soknad(person=preutfylt, skolear=inntak.neste, niva="VG2", onsker=[neste])
    type(utkast).objects.filter(pk=utkast.pk).update(status="preutfylt")
    vg3 = _person(D(2008, 3, 3))  # in the last level: done, not an ikke-søker
    _elevkurs(vg3, a, inntak.po["STREA3"], ar, D(2026, 8, 20))
    kj, status = _kjor("6A015", inntak.A, brukere["A"][Rolle.OT], utvalg="ikke_sokere", skolear="2027-2028")
    assert status == KjoringStatus.FERDIG, list(kj.logg.values_list("tekst", flat=True))
    assert set(OtUngdom.objects.values_list("person_id", flat=True)) == {vg1.pk, preutfylt.pk}
    assert set(OtUngdom.objects.values_list("arsak", flat=True)) == {"ikke_soker"} and len(_fil(kj)) == 2


@pytest.mark.django_db
def test_6A015_krever_rett_for_sluttere_og_tillatelse(inntak, brukere):  # noqa: F811
    from vigo.jobber.tjenester import KjoringFeil, start_kjoring

    # The årshjul routine 5A018 → 5A019 → 6A015: without 5A019 this school year the start asks for a reason.
    with pytest.raises(KjoringFeil, match="5A019"):
        start_kjoring("6A015", inntak.A, bruker=brukere["A"][Rolle.OT], parametere={"utvalg": "sluttere"},
                      send=False)  # fmt: skip
    for rolle in (Rolle.SKOLE, Rolle.LESE, Rolle.FAGOPPLAERING):
        with pytest.raises(PermissionDenied):
            start_kjoring("6A015", inntak.A, bruker=brukere["A"][rolle], parametere={"utvalg": "sluttere"},
                          send=False, overstyring="x")  # fmt: skip
    # The inntakskontor runs 6A015 in the årshjul (after 5A019); it may report youth but not change OT's cases.
    start_kjoring("6A015", inntak.A, bruker=brukere["A"][Rolle.INNTAK], parametere={"utvalg": "sluttere"},
                  send=False, overstyring="x")  # fmt: skip
    assert not brukere["A"][Rolle.INNTAK].has_perm("elev.change_otungdom")


# --- 6I015 ------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_import_er_alt_eller_ingenting_og_navngir_radene(kodeverk):
    a = kodeverk["A"]
    p1, p2 = _person(D(2008, 1, 1)), _person(D(2008, 2, 2))
    tjeneste.meld_til_ot(fylke=a, person_ids=[p1.pk], arsak="slutter", dato=timezone.localdate())
    Otenhet.objects.create(fylke=a, kode="SOR", navn="OT sør")
    fremtid = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    darlig = (
        "fnr;status;dato;enhet\n"
        f"{p1.fodselsnummer};OTAR;2026-10-01;SOR\n"
        f"{p2.fodselsnummer};OTXX;01.10.2026;\n"
        "123;OTOV;2026-10-01\n"
        f"{p1.fodselsnummer};OTOV;{fremtid};NORD\n"
    ).encode()
    with pytest.raises(tjeneste.Importfeil) as feil:
        tjeneste.importer_otstatus(a, darlig)
    rader = {(r.linje, r.felt) for r in feil.value.rader}
    assert rader == {(3, "status"), (4, "fnr"), (5, "fnr"), (5, "dato"), (5, "enhet")}
    assert "Linje 3, felt «status»: Ukjent OT-status «OTXX»." in feil.value.messages
    assert OtUngdom.objects.get().status.kode == "OTUK"  # nothing was written
    god = f"{p1.fodselsnummer};OTAR;2026-10-01;SOR\r\n{p2.fodselsnummer};OTFA_IM;01.10.2026\r\n".encode(
        "utf-8-sig"
    )
    assert tjeneste.importer_otstatus(a, god) == {"rader": 2, "nye": 1, "endret": 1, "uendret": 0}
    o1, o2 = OtUngdom.objects.get(person=p1), OtUngdom.objects.get(person=p2)
    assert (o1.status.kode, o1.status_dato, o1.otenhet.kode) == ("OTAR", D(2026, 10, 1), "SOR")
    assert (o2.status.kode, o2.aktiv) == ("OTFA_IM", False)
    assert o1.history.first().history_change_reason == "6I015"
    assert tjeneste.importer_otstatus(a, god)["uendret"] == 2


@pytest.mark.django_db
def test_import_via_opplasting_og_jobb(client, kodeverk, brukere, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vigo.models import Kjoring

    p = _person(D(2008, 1, 1))
    otb = brukere["A"][Rolle.OT]
    client.force_login(otb)
    assert client.get("/elev/ot/import/").status_code == 200
    fil = SimpleUploadedFile("ot.csv", f"{p.fodselsnummer};OTUKJENT;2026-10-01\n".encode(), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/elev/ot/import/", {"fil": fil})
    assert resp.status_code == 302
    kj = Kjoring.objects.get(kode="6I015")
    assert kj.status == KjoringStatus.FEILET and "Ingenting er importert" in kj.melding
    assert KjoringLogg.objects.filter(
        kjoring=kj, niva="feil", tekst__startswith="Linje 1, felt «status»"
    ).exists()
    assert not OtUngdom.objects.exists()
    fil = SimpleUploadedFile("ot.csv", f"{p.fodselsnummer};OTOV;2026-10-01\n".encode(), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/elev/ot/import/", {"fil": fil})
    assert OtUngdom.objects.get().status.kode == "OTOV"
    # The file is kept as the run's file, not as a loose upload.
    assert Kjoring.objects.filter(kode="6I015", status=KjoringStatus.FERDIG).get().filer.count() == 1
    # A path the page did not store (another county's, or made up) is refused by the job.
    from vigo.jobber.tjenester import start_kjoring, utfor

    kj = start_kjoring("6I015", kodeverk["A"], bruker=otb, parametere={"fil": "ot/import/03/" + "a" * 32 + ".csv"},
                       send=False)  # fmt: skip
    assert utfor(kj.pk) == KjoringStatus.FEILET
    # The school user and the reader cannot upload.
    for rolle in (Rolle.SKOLE, Rolle.LESE):
        client.force_login(brukere["A"][rolle])
        assert client.get("/elev/ot/import/").status_code == 403


@pytest.mark.django_db
def test_hvem_kan_starte_ot_jobbene(client, brukere):
    from vigo import jobber
    from vigo.jobber import tilgang

    for kode, roller in (
        ("6A015", {Rolle.INNTAK, Rolle.OT, Rolle.SYSADMIN}),
        ("6I015", {Rolle.OT, Rolle.SYSADMIN}),
    ):
        jt = jobber.hent(kode)
        assert jt.omrade == "Elevdatabasen" and jt.personopplysninger
        kan = {rolle for rolle in Rolle if tilgang.kan_starte(brukere["A"][rolle], jt)}
        assert kan == roller, kode
    client.force_login(brukere["A"][Rolle.OT])
    resp = client.get("/kjoringer/ny/6I015/", follow=True)
    assert resp.redirect_chain[-1][0] == "/elev/ot/import/"
