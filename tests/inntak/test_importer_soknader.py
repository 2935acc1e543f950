"""Bulk import of søknader (inntak.importering.soknader): CSV, XLSX and JSON, all or nothing with every bad row
named, dry run, the management command's exit code, and the admin import on the Søknad changelist."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from inntak.importering.soknader import Importfeil, importer, les_csv, les_json, les_xlsx
from inntak.models import Saksbehandlingslogg, Soknad
from tests.fabrikker import PersonFactory
from vigo.models import Rolle

pytestmark = pytest.mark.django_db
KOLONNER = "fodselsnummer;skolear;fylke;niva;rettstatus;sokergruppe;behandlingskategori;onske1;onske2;onske3"


@pytest.fixture
def personer(inntak):
    return [PersonFactory(fylke=inntak.A) for _ in range(3)]


def _god_csv(inntak, personer, skille=";") -> str:
    t = inntak.t
    linjer = [
        KOLONNER,
        f"{personer[0].fodselsnummer};2026-2027;50;VG1;ungdomsrett;ordinaer;ORD;{t['st'].pk};{t['hs'].pk};{t['el'].pk}",
        f"{personer[1].fodselsnummer};2026-2027;50;VG1;ungdomsrett;;;50001:STUSP1----;50001:HSHSF1----;50001:ELELE1----",
    ]
    return "\n".join(linjer).replace(";", skille) + "\n"


def _darlig_csv(inntak, personer) -> str:
    t = inntak.t
    return "\n".join([
        KOLONNER,
        f"{personer[0].fodselsnummer};2026-2027;50;VG1;ungdomsrett;ordinaer;ORD;{t['st'].pk};{t['hs'].pk};{t['el'].pk}",
        f"12345678901;2026-2027;50;VG1;ungdomsrett;ordinaer;ORD;{t['st'].pk};{t['hs'].pk};{t['el'].pk}",
        f"{personer[1].fodselsnummer};2026-2027;50;VG1;ungdomsrett;ordinaer;ORD;{t['st'].pk};;",
        f"{personer[2].fodselsnummer};2026-2027;50;VG1;ungdomsrett;ordinaer;XYZ;{t['st'].pk};99999:XX;",
    ]) + "\n"  # fmt: skip


def test_csv_semikolon_med_bom_importeres_med_logg(inntak, personer, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    rader = les_csv(("\ufeff" + _god_csv(inntak, personer)).encode())
    resultat = importer(rader, bruker=bruker, kilde="Import fra fil «s.csv»")
    assert resultat.antall == 2 and Soknad.objects.count() == 2
    s = Soknad.objects.get(person=personer[1])
    assert [o.tilbud_id for o in s.onsker.order_by("nr")] == [
        inntak.t["st"].pk,
        inntak.t["hs"].pk,
        inntak.t["el"].pk,
    ]
    rad = Saksbehandlingslogg.objects.get(soknad=s, handling="import")
    assert "Import fra fil «s.csv»" in rad.tekst and "rad 3" in rad.tekst and rad.bruker == bruker


def test_csv_komma(inntak, personer):
    rader = les_csv(_god_csv(inntak, personer, ","))
    assert importer(rader, bruker=None, kilde="x", fylke=inntak.A).antall == 2


def test_darlig_csv_skriver_ingenting_og_navngir_hver_rad(inntak, personer, brukere):
    with pytest.raises(Importfeil) as feil:
        importer(les_csv(_darlig_csv(inntak, personer)), bruker=brukere["A"][Rolle.INNTAK], kilde="x")
    meldinger = feil.value.meldinger
    assert Soknad.objects.count() == 0 and Saksbehandlingslogg.objects.count() == 0
    assert {nr for nr, _m in feil.value.rader} == {3, 4, 5}, meldinger
    assert any(m.startswith("Rad 3: ") and "kontrollsiffer" in m for m in meldinger)
    assert any(m.startswith("Rad 4: ") and "tre ulike utdanningsprogram" in m for m in meldinger)
    assert any(m.startswith("Rad 5: ") and "behandlingskategori" in m for m in meldinger)
    assert any(m.startswith("Rad 5: ") and "ukjent tilbud «99999:XX»" in m for m in meldinger)


def test_duplikat_og_annet_fylke(inntak, personer, brukere, lag_soknad):
    lag_soknad(person=personer[0])
    tekst = _god_csv(inntak, personer).replace(";50;VG1", ";03;VG1", 1)
    with pytest.raises(Importfeil) as feil:
        importer(les_csv(tekst), bruker=brukere["A"][Rolle.INNTAK], kilde="x")
    assert any("tilgang" in m and m.startswith("Rad 2") for m in feil.value.meldinger)
    tekst = _god_csv(inntak, personer)
    with pytest.raises(Importfeil) as feil:
        importer(les_csv(tekst), bruker=brukere["A"][Rolle.INNTAK], kilde="x")
    assert feil.value.meldinger == [
        "Rad 2: Personen har allerede en søknad i dette fylket for dette skoleåret."
    ]
    assert Soknad.objects.count() == 1


def test_lesetilgang_avvises(inntak, personer, brukere):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importer(les_csv(_god_csv(inntak, personer)), bruker=brukere["A"][Rolle.LESE], kilde="x")


def _xlsx(tekst: str) -> bytes:
    bok = Workbook()
    ark = bok.active
    for linje in tekst.strip().splitlines():
        ark.append([int(v) if v.isdigit() and len(v) < 11 else v for v in linje.split(";")])
    buf = io.BytesIO()
    bok.save(buf)
    return buf.getvalue()


def test_xlsx_god_og_darlig(inntak, personer):
    with pytest.raises(Importfeil) as feil:
        importer(les_xlsx(_xlsx(_darlig_csv(inntak, personer))), bruker=None, kilde="x", fylke=inntak.A)
    assert {nr for nr, _m in feil.value.rader} == {3, 4, 5} and Soknad.objects.count() == 0
    assert importer(les_xlsx(_xlsx(_god_csv(inntak, personer))), bruker=None, kilde="x").antall == 2


def test_json_liste_av_objekter(inntak, personer):
    t = inntak.t
    data = [
        {"fodselsnummer": personer[0].fodselsnummer, "skolear": "2026-2027", "fylke": "50", "niva": "VG1",
         "rettstatus": "ungdomsrett", "onsker": [t["st"].pk, t["hs"].pk, t["el"].pk], "samisk": True},
        {"fodselsnummer": personer[1].fodselsnummer, "skolear": "2026-2027", "fylke": "50", "niva": "VG1",
         "rettstatus": "ungdomsrett", "onsker": [t["st"].pk]},
    ]  # fmt: skip
    with pytest.raises(Importfeil) as feil:
        importer(les_json(json.dumps(data)), bruker=None, kilde="x")
    assert [nr for nr, _m in feil.value.rader] == [2] and Soknad.objects.count() == 0
    data.pop()
    importer(les_json(json.dumps(data).encode()), bruker=None, kilde="x")
    assert Soknad.objects.get().samisk is True


def test_torrkjoring_skriver_ingenting(inntak, personer):
    resultat = importer(les_csv(_god_csv(inntak, personer)), bruker=None, kilde="x", torrkjoring=True)
    assert resultat.antall == 2 and Soknad.objects.count() == 0 and Saksbehandlingslogg.objects.count() == 0


def test_kommando_exitkode_og_feil(inntak, personer, brukere, tmp_path, capsys):
    darlig = tmp_path / "d.csv"
    darlig.write_text(_darlig_csv(inntak, personer), encoding="utf-8")
    with pytest.raises(CommandError) as feil:
        call_command("importer_soknader", str(darlig), "--fylke", "50")
    assert feil.value.returncode == 1
    err = capsys.readouterr().err
    assert "Rad 3:" in err and "Rad 4:" in err and "Rad 5:" in err
    god = tmp_path / "g.csv"
    god.write_text(_god_csv(inntak, personer), encoding="utf-8")
    call_command("importer_soknader", str(god), "--tørrkjøring")
    assert Soknad.objects.count() == 0
    call_command("importer_soknader", str(god), "--fylke", "50", "--bruker", "inntakssak_A")
    assert Soknad.objects.count() == 2
    assert "«g.csv»" in Saksbehandlingslogg.objects.filter(handling="import").first().tekst


# --- Admin ---------------------------------------------------------------------------------------------------------
def _admin_fil(client, innhold: bytes, navn: str, fmt: str):
    fil = SimpleUploadedFile(navn, innhold)
    return client.post(
        reverse("admin:inntak_soknad_import"), {"import_file": fil, "format": fmt, "resource": "0"}
    )


@pytest.fixture
def admin_a(client, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    bruker.is_staff = True
    bruker.save()
    client.force_login(bruker)
    return bruker


def test_admin_import_viser_feil_og_skriver_ingenting(client, admin_a, inntak, personer):
    resp = _admin_fil(client, _darlig_csv(inntak, personer).encode(), "s.csv", "0")
    html = resp.content.decode()
    assert resp.status_code == 200 and "process_import" not in html
    assert "Rad 3:" in html and "Rad 5:" in html and "kontrollsiffer" in html
    assert Soknad.objects.count() == 0


def test_admin_import_bekreftelse_skriver_gjennom_tjenesten(client, admin_a, inntak, personer):
    resp = _admin_fil(client, _xlsx(_god_csv(inntak, personer)), "s.xlsx", "1")
    html = resp.content.decode()
    assert resp.status_code == 200 and "process_import" in html, html[:3000]
    assert Soknad.objects.count() == 0  # preview only
    skjult = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    skjult.pop("csrfmiddlewaretoken", None)
    resp = client.post(reverse("admin:inntak_soknad_process_import"), skjult)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Soknad.objects.count() == 2
    assert Saksbehandlingslogg.objects.filter(handling="import", bruker=admin_a).count() == 2


def test_admin_import_krever_add_soknad(client, brukere):
    lese = brukere["A"][Rolle.LESE]
    lese.is_staff = True
    lese.save()
    client.force_login(lese)
    assert client.get(reverse("admin:inntak_soknad_import")).status_code == 403


def test_admin_import_json(client, admin_a, inntak, personer):
    t = inntak.t
    data = [{"fodselsnummer": personer[0].fodselsnummer, "skolear": "2026-2027", "niva": "VG1",
             "rettstatus": "ungdomsrett", "onsker": [t["st"].pk, t["hs"].pk]}]  # fmt: skip
    resp = _admin_fil(client, json.dumps(data).encode(), "s.json", "2")
    html = resp.content.decode()
    assert resp.status_code == 200 and "process_import" not in html and "Rad 1:" in html
    assert "tre ulike utdanningsprogram" in html and Soknad.objects.count() == 0
