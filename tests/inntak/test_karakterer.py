"""Grades: validation against the Fag register and inntak.regler, replace-a-batch, and CSV/XLSX import where a
file with a bad row imports nothing and names every bad row."""

import io
import re

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inntak import services
from inntak.models import Karakter
from tests.fabrikker import PersonFactory, sett_karakterer
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def _st(fag, k, **kw):
    return {"fag": fag, "vurdering": "standpunkt", "karakter": k, **kw}


def test_ny_fil_erstatter_personens_karakterer_paa_trinnet(inntak, brukere, lag_soknad):
    s = lag_soknad()
    person = s.person
    inntak_a = brukere["A"][Rolle.INNTAK]
    fnr = person.fodselsnummer
    services.importer_karakterer([_st("NOR0214", "4", fodselsnummer=fnr), _st("VAL0001", "5", fodselsnummer=fnr),
                                  _st("ENG1007", "5", fodselsnummer=fnr, trinn="VG1")], bruker=inntak_a)  # fmt: skip
    plan = services.importer_karakterer(
        [_st("nor0214 ", "5", fodselsnummer=fnr),
         {"fodselsnummer": fnr, "fag": "MAT0010", "vurdering": "Eksamen-skriftlig", "karakter": "im",
          "dokumentert_fravaer": True}, _st("ORD0010", "G", fodselsnummer=fnr)],
        bruker=inntak_a,
    )  # fmt: skip
    assert plan.antall == 3
    gs = Karakter.objects.filter(person=person, trinn="GS").order_by("fag_id")
    assert [(k.fag_id, k.vurdering, k.karakter, k.fagtype, k.kilde) for k in gs] == [
        ("MAT0010", "eksamen_skriftlig", "IM", "fellesfag", "import"),
        ("NOR0214", "standpunkt", "5", "fellesfag", "import"),
        ("ORD0010", "standpunkt", "G", "orden", "import"),
    ]
    assert Karakter.objects.filter(person=person, trinn="VG1").count() == 1  # other levels untouched
    assert Karakter.history.filter(person_id=person.pk, history_type="-").count() == 2
    assert s.logg.filter(handling="karakterer").count() == 3  # GS and VG1 in the first file, GS in the second


def test_ugyldig_fil_lagrer_ingenting_og_navngir_hver_rad(inntak, brukere):
    person = PersonFactory(fylke=inntak.A)
    bruker = brukere["A"][Rolle.INNTAK]
    fnr = person.fodselsnummer
    services.importer_karakterer([_st("NOR0214", "4", fodselsnummer=fnr)], bruker=bruker)
    rader = [
        _st("NOR0214", "5"),
        _st("XYZ9999", "4"),  # 2: unknown subject
        _st("MAT0010", "7"),  # 3: not a grade
        _st("MAT0010", "IM"),  # 4: IM only on exams
        _st("NOR0214", "4"),  # 5: duplicate of row 1
        _st("NOR0216", "G"),  # 6: G is the orden scale
        _st("ORD0010", "5"),  # 7: orden has no numbers
        _st("ENG1007", "5"),  # 8: not a grunnskole subject
        _st("ENG0012", "4", dokumentert_fravaer=True),  # 9: documented absence only with IM
        {"fag": "NAT0010", "vurdering": "halvar", "karakter": "4"},  # 10: no halvår in grunnskole
    ]
    with pytest.raises(services.KarakterFeil) as e:
        services.importer_karakterer([{**r, "fodselsnummer": fnr} for r in rader], bruker=bruker)
    assert [nr for nr, _ in e.value.rader] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    tekst = " ".join(e.value.messages)
    for del_ in ("Rad 2: Ukjent fagkode «XYZ9999»", "Rad 3: Ugyldig karakter «7»", "IM (ikke møtt) kan bare gis til eksamen",
                 "Rad 5: Samme person, fag og vurdering som rad 1", "skalaen for orden og oppførsel",
                 "bare standpunkt med G, NG eller LG", "ENG1007 er ikke et grunnskolefag",
                 "Dokumentert fravær gjelder bare", "Halvårsvurdering finnes ikke"):  # fmt: skip
        assert del_ in tekst, del_
    assert list(Karakter.objects.filter(person=person).values_list("karakter", flat=True)) == ["4"]


GOD_CSV = """fodselsnummer,trinn,fag,vurdering,karakter,dokumentert_fravaer,fagtype,skolear
{a},GS,NOR0214,standpunkt,5,0,,2026-2027
{a},,VAL0002,standpunkt,4,0,,
{a},GS,MAT0010,eksamen_skriftlig,IM,1,,
{b},VG1,ENG1007,standpunkt,6,0,,
"""
DARLIG_CSV = """fodselsnummer,trinn,fag,vurdering,karakter,dokumentert_fravaer,fagtype,skolear
{a},GS,NOR0214,standpunkt,5,0,,
12345678901,GS,NOR0214,standpunkt,5,0,,
{a},GS,XYZ9999,standpunkt,5,0,,
{a},GS,MAT0010,standpunkt,9,0,,
{c},GS,NOR0214,standpunkt,5,0,,
{a},GS,NOR0214,standpunkt,3,0,,
"""


def _personer(inntak):
    return PersonFactory(fylke=inntak.A), PersonFactory(fylke=inntak.A), PersonFactory(fylke=inntak.B)


def _dataset(tekst: str) -> tablib.Dataset:
    return tablib.Dataset().load(tekst, format="csv")


def test_import_av_god_fil(inntak, brukere, lag_soknad):
    a, b, _ = _personer(inntak)
    s = lag_soknad(person=a)
    inntak_a = brukere["A"][Rolle.INNTAK]
    plan = services.importer_karakterer(_dataset(GOD_CSV.format(a=a.fodselsnummer, b=b.fodselsnummer)),
                                        bruker=inntak_a)  # fmt: skip
    assert plan.antall == 4 and [r.ny for r in plan.rader] == [True] * 4 and not plan.fjernes
    assert Karakter.objects.filter(person=a).count() == 3 and Karakter.objects.filter(person=b).count() == 1
    k = Karakter.objects.get(person=a, fag_id="VAL0002")
    assert k.fagtype == "valgfag" and k.kilde == "import" and k.fylke == inntak.A and k.trinn == "GS"
    assert Karakter.objects.get(person=a, fag_id="MAT0010").dokumentert_fravaer
    assert Karakter.objects.get(person=a, fag_id="NOR0214").skolear == inntak.ar
    assert s.poeng.poeng is not None  # points recomputed after the import
    # Written through erstatt_mange: history rows and one case-log row for the søknad.
    assert Karakter.history.filter(person_id=a.pk, history_type="+", history_user=inntak_a).count() == 3
    logg = s.logg.get(handling="karakterer")
    assert logg.bruker == inntak_a and "Filimport" in logg.tekst
    # Importing again replaces the same persons' grades on the same levels instead of adding new ones.
    plan = services.importer_karakterer(_dataset(GOD_CSV.format(a=a.fodselsnummer, b=b.fodselsnummer)),
                                        bruker=inntak_a)  # fmt: skip
    assert [r.ny for r in plan.rader] == [False] * 4
    assert Karakter.objects.count() == 4
    assert Karakter.history.filter(person_id=a.pk, history_type="-").count() == 3
    # The file holds a person's complete grades on a level, like a new vitnemål: missing ones are removed.
    plan = services.importer_karakterer(
        _dataset(f"fodselsnummer,fag,vurdering,karakter\n{a.fodselsnummer},NOR0214,standpunkt,3\n"),
        bruker=inntak_a,
    )
    assert sorted(k.fag_id for k in plan.fjernes) == ["MAT0010", "VAL0002"]
    assert list(Karakter.objects.filter(person=a).values_list("fag_id", "karakter")) == [("NOR0214", "3")]
    assert Karakter.objects.filter(person=b).count() == 1  # persons not in the file are untouched


def test_import_av_darlig_fil_importerer_ingenting_og_navngir_radene(inntak, brukere):
    a, _, c = _personer(inntak)
    data = _dataset(DARLIG_CSV.format(a=a.fodselsnummer, c=c.fodselsnummer))
    with pytest.raises(services.KarakterFeil) as e:
        services.importer_karakterer(data, bruker=brukere["A"][Rolle.INNTAK])
    assert Karakter.objects.count() == 0
    feil: dict[int, str] = {}
    for nr, melding in e.value.rader:
        feil[nr] = f"{feil.get(nr, '')} {melding}"
    assert sorted(feil) == [2, 3, 4, 5, 6]
    assert "kontrollsiffer" in feil[2] or "fødselsdato" in feil[2]
    assert "Ukjent fagkode «XYZ9999»" in feil[3]
    assert "Ugyldig karakter «9»" in feil[4]
    assert "Ukjent person" in feil[5]  # a person of another county is not visible
    assert "Samme person, fag og vurdering som rad 1" in feil[6]
    assert "Rad 3: Ukjent fagkode «XYZ9999»" in " ".join(e.value.messages)


def test_import_mangler_kolonner(inntak, brukere):
    with pytest.raises(ValidationError, match="Fila mangler kolonnene: karakter"):
        services.importer_karakterer(_dataset("fodselsnummer,fag,vurdering\n1,NOR0214,standpunkt\n"),
                                     bruker=brukere["A"][Rolle.INNTAK])  # fmt: skip


def _gjesteelev(inntak, lag_soknad):
    """A person of county B, whose grunnskole grades county B registered, applying in county A."""
    gjest = PersonFactory(fylke=inntak.B)
    sett_karakterer(gjest, [_st("NOR0214", "4")], "api")
    lag_soknad(person=gjest)  # county A handles the application, so A sees the person
    return gjest


def test_import_skriver_ikke_over_karakterer_et_annet_fylke_forvalter(inntak, brukere, lag_soknad):
    """The REST API's rule (inntak.api.services.grunnskole): grades of another county's person are refused."""
    a = PersonFactory(fylke=inntak.A)
    gjest = _gjesteelev(inntak, lag_soknad)
    fil = (f"fodselsnummer,fag,vurdering,karakter\n{a.fodselsnummer},NOR0214,standpunkt,5\n"
           f"{gjest.fodselsnummer},NOR0214,standpunkt,2\n")  # fmt: skip
    with pytest.raises(services.KarakterFeil) as e:
        services.importer_karakterer(_dataset(fil), bruker=brukere["A"][Rolle.INNTAK])
    assert [nr for nr, _m in e.value.rader] == [2]
    assert "Rad 2: Et annet fylke forvalter personen" in " ".join(e.value.messages)
    assert Karakter.objects.get(person=gjest).karakter == "4"
    assert not Karakter.objects.filter(person=a).exists()  # nothing written, not even the good row
    # County B, which owns the person, may replace them.
    services.importer_karakterer(_dataset(fil.replace(f"{a.fodselsnummer},NOR0214,standpunkt,5\n", "")),
                                 bruker=brukere["B"][Rolle.INNTAK])  # fmt: skip
    assert Karakter.objects.get(person=gjest).karakter == "2"


def test_admin_import_skriver_ikke_over_annet_fylkes_karakter(client, inntak, brukere, lag_soknad):
    gjest = _gjesteelev(inntak, lag_soknad)
    inntak_a = brukere["A"][Rolle.INNTAK]
    inntak_a.is_staff = True
    inntak_a.save()
    client.force_login(inntak_a)
    fil = f"fodselsnummer,fag,vurdering,karakter\n{gjest.fodselsnummer},NOR0214,standpunkt,2\n"
    resp = _fil(client, fil.encode(), "k.csv", "0")
    html = resp.content.decode()
    assert resp.status_code == 200 and "process_import" not in html
    assert "Et annet fylke forvalter personen" in html
    assert Karakter.objects.get(person=gjest).karakter == "4"


def _fil(client, innhold: bytes, navn: str, fmt: str):
    fil = SimpleUploadedFile(navn, innhold)
    return client.post(
        reverse("admin:inntak_karakter_import"), {"import_file": fil, "format": fmt, "resource": "0"}
    )


def test_admin_import_csv_og_xlsx(client, inntak, brukere):
    a, b, c = _personer(inntak)
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    resp = _fil(client, DARLIG_CSV.format(a=a.fodselsnummer, c=c.fodselsnummer).encode(), "k.csv", "0")
    html = resp.content.decode()
    assert resp.status_code == 200 and "XYZ9999" in html and "process_import" not in html
    assert Karakter.objects.count() == 0
    bok = Workbook()
    ark = bok.active
    for linje in GOD_CSV.format(a=a.fodselsnummer, b=b.fodselsnummer).strip().splitlines():
        ark.append(linje.split(","))
    buf = io.BytesIO()
    bok.save(buf)
    resp = _fil(client, buf.getvalue(), "k.xlsx", "1")
    assert (
        resp.status_code == 200 and "process_import" in resp.content.decode()
    )  # preview, nothing stored yet
    assert Karakter.objects.count() == 0


def test_admin_import_bekreftet_skriver_gjennom_tjenesten(client, inntak, brukere, lag_soknad):
    """Preview, then confirm: the grades are stored with history and a case-log row, and the admin's own
    form-per-row machinery writes nothing itself."""
    a, b, _ = _personer(inntak)
    s = lag_soknad(person=a)
    sysadmin = brukere["A"][Rolle.SYSADMIN]
    client.force_login(sysadmin)
    resp = _fil(client, GOD_CSV.format(a=a.fodselsnummer, b=b.fodselsnummer).encode(), "k.csv", "0")
    html = resp.content.decode()
    assert "process_import" in html and Karakter.objects.count() == 0
    skjult = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    skjult.pop("csrfmiddlewaretoken", None)
    resp = client.post(reverse("admin:inntak_karakter_process_import"), skjult)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Karakter.objects.filter(person=a).count() == 3 and Karakter.objects.filter(person=b).count() == 1
    assert s.logg.filter(handling="karakterer", bruker=sysadmin).count() == 1
    assert Karakter.history.filter(history_type="+", history_user=sysadmin).count() == 4
    assert Karakter.objects.get(person=b).fylke == inntak.A  # the county that owns the person


def test_admin_har_ikke_skjema_for_enkeltkarakter(client, brukere, inntak):
    """A single grade typed into the admin would bypass the service: import is the only way in."""
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    assert client.get(reverse("admin:inntak_karakter_add")).status_code == 403
    assert client.get(reverse("admin:inntak_karakter_import")).status_code == 200
