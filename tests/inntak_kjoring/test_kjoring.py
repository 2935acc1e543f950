"""Runs: a simulation stores snapshot and result and publishes nothing; publishing needs a clean verification;
a stored snapshot replays byte for byte; two simulations compare; the job 1I001 runs through the registry."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from inntak.kjoring import livslop, selectors, services
from inntak.models import Inntakskjoring, Poenggrense, Saksbehandlingslogg, Tildeling, Venteliste
from inntak.motor import til_json_tekst
from tests.fabrikker import publiser
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def konkurranse(inntak, soker):
    """hs has 2 places and 4 applicants with hs first; el 15 places as second wish."""
    inntak.t["hs"].plasser = 2
    inntak.t["hs"].save()
    s = {
        navn: soker(navn, p, onsker=["hs", "el", "st"])
        for navn, p in (
            ("Anne A", "50.00"),
            ("Bjørn B", "45.00"),
            ("Cecilie C", "40.00"),
            ("David D", "35.00"),
        )
    }
    return s


def test_simulering_lagrer_grunnlag_og_resultat_og_publiserer_ingenting(inntak, konkurranse, kjor):
    ik = kjor(simulering=True)
    ik.refresh_from_db()
    assert ik.simulering and not ik.publisert and ik.publisert_tidspunkt is None
    assert ik.snapshot["format"] == "inntak-snapshot/1" and ik.resultat["format"] == "inntak-resultat/1"
    assert ik.snapshot["seed"] == ik.seed and ik.verifisering == []
    assert (ik.antall_sokere, ik.antall_tildelt, ik.antall_onske1, ik.antall_onske2) == (4, 4, 2, 2)
    hs = inntak.t["hs"]
    inne = set(
        Tildeling.objects.filter(inntakskjoring=ik, tilbud=hs).values_list(
            "soknad__person__fornavn", flat=True
        )
    )
    assert inne == {"Anne", "Bjørn"}
    vl = list(
        Venteliste.objects.filter(inntakskjoring=ik, tilbud=hs).values_list(
            "soknad__person__fornavn", "plass"
        )
    )
    assert vl == [("Cecilie", 1), ("David", 2)]
    g = Poenggrense.objects.get(inntakskjoring=ik, tilbud=hs)
    assert (g.status, str(g.poeng), g.plasser, g.antall_tildelt, g.antall_venteliste) == (
        "poeng",
        "45.00",
        2,
        2,
        2,
    )
    # Nothing published: no public thresholds, no case-log rows, publishing refused.
    assert not selectors.publiserte_grenser(inntak.A.pk, inntak.ar.pk).exists()
    assert not Saksbehandlingslogg.objects.filter(handling="inntak").exists()
    with pytest.raises(services.PubliseringFeil, match="prøveinntak"):
        publiser(ik)


def test_publisering_avvises_når_verifiseringen_feiler(inntak, konkurranse, kjor):
    ik = kjor(simulering=False)
    # Tamper with the stored result: David gets the last hs place too (over capacity, unstable).
    d = str(konkurranse["David D"].pk)
    ik.resultat["tildelinger"][d] = {"onske_nr": 1, "tilbud": str(inntak.t["hs"].pk)}
    ik.save(update_fields=["resultat"])
    with pytest.raises(services.PubliseringFeil) as feil:
        publiser(ik)
    ik.refresh_from_db()
    assert not ik.publisert and ik.verifisering
    assert any("sjekksummen" in b for b in feil.value.brudd)
    assert any("kapasitet" in b.lower() or "plass" in b.lower() for b in feil.value.brudd[1:])


def test_publisering_og_regler_for_runder(inntak, konkurranse, kjor):
    ik = publiser(kjor(simulering=False))
    assert ik.publisert and ik.svarfrist is not None
    assert Saksbehandlingslogg.objects.filter(handling="inntak").count() == 4
    assert selectors.publiserte_grenser(inntak.A.pk, inntak.ar.pk).count() == Poenggrense.objects.filter(
        inntakskjoring=ik).count()  # fmt: skip
    with pytest.raises(ValidationError, match="allerede publisert"):
        kjor(simulering=False)
    with pytest.raises(ValidationError, match="Runde 2 må være publisert"):
        kjor(runde=3, simulering=False)


def test_lagret_snapshot_gir_byte_likt_resultat_med_inntaksmotor(inntak, konkurranse, kjor, tmp_path):
    ik = Inntakskjoring.objects.get(pk=kjor(simulering=True).pk)
    inn, ut = tmp_path / "snapshot.json", tmp_path / "resultat.json"
    inn.write_text(til_json_tekst(ik.snapshot), encoding="utf-8")
    call_command("inntaksmotor", "--inn", str(inn), "--ut", str(ut), stderr=io.StringIO())
    assert ut.read_bytes() == til_json_tekst(ik.resultat).encode("utf-8")


def test_inntaksmotor_melder_valideringsfeil_på_norsk(tmp_path):
    inn = tmp_path / "feil.json"
    inn.write_text(json.dumps({"format": "inntak-snapshot/1", "seed": -1, "tilbud": [], "sokere": [
        {"id": "S1", "onsker": ["T9"], "fast_plas": "T1"}]}), encoding="utf-8")  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError) as avslutt:
        call_command("inntaksmotor", "--inn", str(inn), "--ut", str(tmp_path / "r.json"), stderr=err)
    assert avslutt.value.returncode == 1 and not (tmp_path / "r.json").exists()
    tekst = err.getvalue()
    assert (
        "ikke-negativt heltall" in tekst and "ukjent nøkkel «fast_plas»" in tekst and "ukjent tilbud" in tekst
    )


def test_sammenligning_av_to_simuleringer(inntak, konkurranse, kjor, brukere):
    a = kjor(simulering=True)
    b = kjor(simulering=True, kapasitet={str(inntak.t["hs"].pk): 3})
    ut = selectors.sammenlign(a, b, brukere["A"][Rolle.INNTAK])
    assert [(r["soknad"].person.fornavn, r["fra"], r["til"]) for r in ut["flyttet"]] == [
        ("Cecilie", inntak.t["el"], inntak.t["hs"])]  # fmt: skip
    (delta,) = (
        ut["deltaer"]
        if len(ut["deltaer"]) == 1
        else [d for d in ut["deltaer"] if d["tilbud"] == inntak.t["hs"]]
    )
    assert (delta["a"].plasser, delta["b"].plasser, delta["delta_tildelt"]) == (2, 3, 1)
    assert str(delta["b"].poeng) == "40.00"
    with pytest.raises(ValidationError, match="bare tillatt i prøveinntak"):
        kjor(simulering=False, kapasitet={str(inntak.t["hs"].pk): 3})


def test_jobb_1i001_beregner_runden_klar_til_publisering(inntak, konkurranse, brukere,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    """The real run ends «klar til publisering»; nothing reaches the applicants before the confirmed step."""
    bruker = brukere["A"][Rolle.INNTAK]
    params = {"skolear": "2026-2027", "niva": "VG1", "runde": 1, "simulering": ""}
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("1I001", inntak.A, bruker, params)
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    ik = Inntakskjoring.objects.get(pk=kj.resultat["inntakskjoring"])
    assert ik.kjoring == kj and not ik.publisert and ik.startet_av == bruker
    assert livslop.tilstand(ik) == livslop.Tilstand.KLAR and kj.resultat["klar_til_publisering"] is True
    assert kj.resultat["tildelt"] == 4
    assert not Saksbehandlingslogg.objects.filter(handling="inntak").exists()
    with pytest.raises(services.PubliseringFeil, match="antallet må bekreftes"):
        services.publiser_runde(ik, bruker=bruker)
    ik = services.publiser_runde(ik, bruker=bruker, bekreftet_antall=4, svarfrist=datetime.date(2026, 12, 20))
    assert (
        ik.publisert
        and str(ik.svarfrist) == "2026-12-20"
        and livslop.tilstand(ik) == livslop.Tilstand.PUBLISERT
    )
