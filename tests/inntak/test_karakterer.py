"""Grades: validation against the Fag register and inntak.regler, replace-a-batch, and CSV/XLSX import where a
file with a bad row imports nothing and names every bad row."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inntak import services
from inntak.models import Karakter
from tests.fabrikker import PersonFactory
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def _st(fag, k, **kw):
    return {"fag": fag, "vurdering": "standpunkt", "karakter": k, **kw}


def test_erstatt_grunnskolekarakterer_erstatter_forrige_vitnemal(inntak, lag_soknad):
    s = lag_soknad()
    person = s.person
    services.erstatt_grunnskolekarakterer(person, [_st("NOR0214", "4"), _st("VAL0001", "5")], "import")
    services.erstatt_karakterer(person, [_st("ENG1007", "5")], "manuell", trinn="VG1")
    nye = services.erstatt_grunnskolekarakterer(
        person,
        [_st("nor0214 ", "5"), {"fag": "MAT0010", "vurdering": "Eksamen-skriftlig", "karakter": "im",
                                "dokumentert_fravaer": True}, _st("ORD0010", "G")],
        "api",
    )  # fmt: skip
    assert len(nye) == 3
    gs = Karakter.objects.filter(person=person, trinn="GS").order_by("fag_id")
    assert [(k.fag_id, k.vurdering, k.karakter, k.fagtype, k.kilde) for k in gs] == [
        ("MAT0010", "eksamen_skriftlig", "IM", "fellesfag", "api"),
        ("NOR0214", "standpunkt", "5", "fellesfag", "api"),
        ("ORD0010", "standpunkt", "G", "orden", "api"),
    ]
    assert Karakter.objects.filter(person=person, trinn="VG1").count() == 1  # other levels untouched
    assert Karakter.history.filter(person_id=person.pk, history_type="-").count() == 2
    assert s.logg.filter(handling="karakterer").count() == 3


def test_ugyldig_batch_lagrer_ingenting_og_navngir_hver_rad(inntak):
    person = PersonFactory(fylke=inntak.A)
    services.erstatt_grunnskolekarakterer(person, [_st("NOR0214", "4")], "import")
    with pytest.raises(services.KarakterFeil) as e:
        services.erstatt_grunnskolekarakterer(
            person,
            [
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
            ],
            "api",
        )
    assert [nr for nr, _ in e.value.rader] == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    tekst = " ".join(e.value.messages)
    for del_ in ("Rad 2: Ukjent fagkode «XYZ9999»", "Rad 3: Ugyldig karakter «7»", "IM (ikke møtt) kan bare gis til eksamen",
                 "Rad 5: Samme fag og vurdering som rad 1", "skalaen for orden og oppførsel",
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
    res = services.importer_karakterer(_dataset(GOD_CSV.format(a=a.fodselsnummer, b=b.fodselsnummer)),
                                       bruker=brukere["A"][Rolle.INNTAK])  # fmt: skip
    assert not res.has_errors() and not res.has_validation_errors()
    assert Karakter.objects.filter(person=a).count() == 3 and Karakter.objects.filter(person=b).count() == 1
    k = Karakter.objects.get(person=a, fag_id="VAL0002")
    assert k.fagtype == "valgfag" and k.kilde == "import" and k.fylke == inntak.A and k.trinn == "GS"
    assert Karakter.objects.get(person=a, fag_id="MAT0010").dokumentert_fravaer
    assert Karakter.objects.get(person=a, fag_id="NOR0214").skolear == inntak.ar
    assert s.poeng.poeng is not None  # points recomputed after the import
    # Importing again updates the same rows instead of adding new ones.
    services.importer_karakterer(_dataset(GOD_CSV.format(a=a.fodselsnummer, b=b.fodselsnummer)),
                                 bruker=brukere["A"][Rolle.INNTAK])  # fmt: skip
    assert Karakter.objects.count() == 4


def test_import_av_darlig_fil_importerer_ingenting_og_navngir_radene(inntak, brukere):
    a, _, c = _personer(inntak)
    data = _dataset(DARLIG_CSV.format(a=a.fodselsnummer, c=c.fodselsnummer))
    res = services.importer_karakterer(data, bruker=brukere["A"][Rolle.INNTAK])
    assert Karakter.objects.count() == 0
    feil = {r.number: " ".join(str(m) for ms in r.error_dict.values() for m in ms) for r in res.invalid_rows}
    assert sorted(feil) == [2, 3, 4, 5, 6]
    assert "kontrollsiffer" in feil[2] or "fødselsdato" in feil[2]
    assert "Ukjent fagkode «XYZ9999»" in feil[3]
    assert "Ugyldig karakter «9»" in feil[4]
    assert "Ukjent person" in feil[5]  # a person of another county is not visible
    assert "Samme person, fag og vurdering som rad 1" in feil[6]


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
