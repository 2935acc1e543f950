"""Job 5A113 «Lærlingtilskudd»: files per company, explanation file and payment list add up; refusals."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from fagopplaering.jobber.tilskudd import HalvarSkjema, forrige_halvar
from fagopplaering.models import Kontrakt, Tilskuddsberegning
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import (
    lag_avbrudd,
    lag_bedrift,
    lag_kontrakt,
    lag_orgnr_mod11,
    sett_tilskuddssatser,
)
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def _bedrift(navn: str = "Elektro AS"):
    return lag_bedrift(navn, orgnr=lag_orgnr_mod11())  # lag_orgnr() loops (stdnum has no calc_check_digit)


D = datetime.date


def _tall(tekst: str) -> Decimal:
    return Decimal(tekst.replace(",", "."))


@pytest.fixture
def data(fag, brukere):
    a = fag["A"]
    sett_tilskuddssatser(a, "2024-2025", bt1="170000", bt2="5500", lk="12000")
    sett_tilskuddssatser(a, "2025-2026", bt1="183093", bt2="5963", lk="12000")
    bedrifter = [_bedrift("Elektro Trondheim AS"), _bedrift("Barnehagen Vår SA"), _bedrift("Kontor; AS")]
    kontrakter = []
    for i in range(9):
        k = lag_kontrakt(PersonFactory(fylke=a), a, bedrifter[i % 3], fag["elektriker" if i % 2 else "barne"],
                         fra=D(2024, 8, 1) + datetime.timedelta(days=37 * i), mnd=24,
                         type_kode=("LK", "OK", "FJ")[i % 3])  # fmt: skip
        if i % 4 == 0:
            Kontrakt.objects.filter(pk=k.pk).update(ungdomsrett=False)
        if i % 3 == 1:
            lag_avbrudd(k, D(2025, 9, 10), D(2025, 10, 5))
        kontrakter.append(k)
    return {"bruker": brukere["A"][Rolle.FAGOPPLAERING], "brukere": brukere, "kontrakter": kontrakter}


def kjor(bruker, parametere, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("5A113", bruker.fylke, bruker, parametere)
    kj.refresh_from_db()
    return kj


def test_filer_per_bedrift_summerer_til_forklaringen(data, django_capture_on_commit_callbacks):
    kj = kjor(data["bruker"], {"ar": 2025, "halvar": 2}, django_capture_on_commit_callbacks)
    assert kj.status == "ferdig", kj.feil
    b = Tilskuddsberegning.objects.get()
    assert b.kjoring_id == kj.pk and (b.fra, b.til) == (D(2025, 7, 1), D(2025, 12, 31))
    assert kj.resultat["avvik"] == 0 and kj.resultat["beregning"] == b.pk
    filer = {f.navn: f for f in kj.filer.all()}
    assert set(filer) == {"tilskudd_50_2025_2_per_bedrift.zip", "tilskudd_50_2025_2_forklaring.csv",
                          "tilskudd_50_2025_2_utbetalingsliste.csv"}  # fmt: skip
    assert filer["tilskudd_50_2025_2_per_bedrift.zip"].inneholder_personopplysninger

    forklaring = list(csv.DictReader(io.StringIO(filer["tilskudd_50_2025_2_forklaring.csv"].fil.read().decode()),
                                     delimiter=";"))  # fmt: skip
    assert len(forklaring) == b.linjer.count()
    per_bedrift_forklart: dict[str, Decimal] = {}
    for rad in forklaring:
        per_bedrift_forklart[rad["orgnr"]] = per_bedrift_forklart.get(rad["orgnr"], Decimal(0)) + _tall(
            rad["belop"]
        )
        assert "docs/fagopplaering/tilskudd.md" in rad["forklaring"] and "Beløp:" in rad["forklaring"]

    with zipfile.ZipFile(io.BytesIO(filer["tilskudd_50_2025_2_per_bedrift.zip"].fil.read())) as zf:
        navn = zf.namelist()
        assert len(navn) == 3
        for n in navn:
            rader = list(csv.reader(io.StringIO(zf.read(n).decode()), delimiter=";"))
            assert rader[0][0] == "orgnr"
            linjer, sumlinje = rader[1:-1], rader[-1]
            orgnr = linjer[0][0]
            assert n.startswith(orgnr + "_")
            assert sumlinje[2] == "SUM"
            # The company's file: its lines add up to its sum line and to its explanation rows.
            assert sum(_tall(r[-1]) for r in linjer) == _tall(sumlinje[-1]) == per_bedrift_forklart[orgnr]
            # No names or fødselsnummer of the lærling in the company file.
            for k in data["kontrakter"]:
                assert k.person.fodselsnummer not in zf.read(n).decode()
    liste = list(csv.reader(io.StringIO(filer["tilskudd_50_2025_2_utbetalingsliste.csv"].fil.read().decode()),
                            delimiter=";"))  # fmt: skip
    assert _tall(liste[-1][-1]) == b.sum == sum(per_bedrift_forklart.values())
    assert {r[0]: _tall(r[-1]) for r in liste[1:-1]} == per_bedrift_forklart


def test_nekter_uten_satser(fag, brukere):
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    with pytest.raises(tjenester.KjoringFeil, match="Basistilskudd I"):
        tjenester.start_kjoring("5A113", bruker.fylke, bruker, {"ar": 2025, "halvar": 2})


def test_tilgang_til_jobben(data):
    from django.core.exceptions import PermissionDenied

    for bruker in (data["brukere"]["A"][Rolle.INNTAK],):
        with pytest.raises(PermissionDenied):
            tjenester.start_kjoring("5A113", bruker.fylke, bruker, {"ar": 2025, "halvar": 2})


def test_skjema_standard_halvar():
    assert forrige_halvar(D(2026, 1, 10)) == (2025, 2)
    assert forrige_halvar(D(2026, 7, 1)) == (2026, 1)
    s = HalvarSkjema(data={})
    assert s.is_valid() and s.cleaned_data["halvar"] in (1, 2)
    s = HalvarSkjema(data={"ar": 2025})
    assert not s.is_valid()
    s = HalvarSkjema(data={"ar": 2025, "halvar": "2"})
    assert s.is_valid() and s.cleaned_data == {"ar": 2025, "halvar": 2}
