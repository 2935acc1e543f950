"""§ 4-6 quotas in runs from the database, the results service and page (docs/regler.md §5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inntak.kjoring import selectors
from inntak.models import Poenggrense, Proveresultat, Saksbehandlingslogg, Tildeling, Venteliste
from inntak.services.prove import registrer_proveresultater
from tests.fabrikker import lag_bruker, publiser
from vigo.models import Rolle

pytestmark = pytest.mark.django_db


@pytest.fixture
def mdd(inntak, soker):
    """hs (4 places, 50 % by inntaksprøve) and six applicants; A and B test best, C and D have the most points."""
    hs = inntak.t["hs"]
    hs.plasser, hs.inntakskrav, hs.kvote_prosent = 4, "inntaksprove", 50
    hs.save()
    s = {navn[0]: soker(navn, p, onsker=["hs", "el", "st"]) for navn, p in (
        ("Anne A", "30.00"), ("Bjørn B", "31.00"), ("Cecilie C", "50.00"), ("David D", "49.00"),
        ("Eva E", "48.00"), ("Finn F", "20.00"))}  # fmt: skip
    bruker = lag_bruker("inntak_a", Rolle.INNTAK, inntak.A)
    registrer_proveresultater(hs, {s["A"].pk: "95", s["B"].pk: "90,5", s["C"].pk: "10", s["E"].pk: "20"},
                              bruker=bruker)  # fmt: skip
    return s


def _plass(ik, soknad):
    t = Tildeling.objects.get(inntakskjoring=ik, soknad=soknad)
    return (t.tilbud_id, t.kvote, t.onske_nr)


def test_kjoringen_fyller_kvoten_etter_proven_og_resten_etter_poeng(inntak, mdd, kjor):
    ik = kjor(simulering=False)
    hs = inntak.t["hs"].pk
    assert ik.verifisering == []
    assert _plass(ik, mdd["A"]) == (hs, "inntaksprove", 1) and _plass(ik, mdd["B"]) == (hs, "inntaksprove", 1)
    assert _plass(ik, mdd["C"]) == (hs, "", 1) and _plass(ik, mdd["D"]) == (hs, "", 1)
    assert _plass(ik, mdd["E"])[0] == inntak.t["el"].pk  # tested and has points, but below both cut-offs
    grenser = {g.kvote: g for g in Poenggrense.objects.filter(inntakskjoring=ik, tilbud_id=hs)}
    assert (grenser["inntaksprove"].plasser, str(grenser["inntaksprove"].poeng)) == (2, "90.50")
    assert (grenser[""].plasser, str(grenser[""].poeng)) == (2, "49.00")
    # Eva waits in both quotas of the one tilbud; Finn (no result) only by points.
    venter = set(Venteliste.objects.filter(inntakskjoring=ik, tilbud_id=hs).values_list("soknad_id", "kvote"))
    assert (mdd["E"].pk, "inntaksprove") in venter and (mdd["E"].pk, "") in venter
    assert (mdd["F"].pk, "inntaksprove") not in venter
    assert any("2 av 4 plasser fordeles etter inntaksprøve" in a for a in ik.advarsler)
    # Cecilie was tried in the quota, not admitted there, and got a points place at the same tilbud: she is on no
    # waitlist for hs.
    assert not Venteliste.objects.filter(inntakskjoring=ik, tilbud_id=hs, soknad=mdd["C"]).exists()


def test_ubrukte_kvoteplasser_gar_til_poeng_og_kjoringen_kan_spilles_av(inntak, mdd, kjor):
    Proveresultat.objects.filter(soknad__in=[mdd["B"], mdd["C"], mdd["E"]]).delete()
    ik = kjor(simulering=True)
    hs = inntak.t["hs"].pk
    assert ik.verifisering == []
    kvote = Poenggrense.objects.get(inntakskjoring=ik, tilbud_id=hs, kvote="inntaksprove")
    assert kvote.plasser == 1 and kvote.antall_tildelt == 1
    assert Poenggrense.objects.get(inntakskjoring=ik, tilbud_id=hs, kvote="").plasser == 3
    assert any("ledige plasser i kvoten" in a for a in ik.advarsler)
    inne = set(Tildeling.objects.filter(inntakskjoring=ik, tilbud_id=hs).values_list("soknad_id", flat=True))
    assert inne == {mdd["A"].pk, mdd["C"].pk, mdd["D"].pk, mdd["E"].pk}
    # The stored snapshot is the final one: it replays to the stored result.
    from inntak.motor import kjor_med_kvoter, les_snapshot, resultat_til_json

    snap, res, merknader = kjor_med_kvoter(les_snapshot(ik.snapshot))
    assert resultat_til_json(res) == ik.resultat and merknader == []


def test_kvoteplass_beholdes_i_kvoten_i_neste_runde(inntak, mdd, kjor):
    ik1 = publiser(kjor(simulering=False))
    ik2 = kjor(runde=2, simulering=True)
    assert ik2.verifisering == []
    assert _plass(ik2, mdd["A"])[:2] == (inntak.t["hs"].pk, "inntaksprove")
    rad = next(s for s in ik2.snapshot["sokere"] if s["id"] == str(mdd["A"].pk))
    assert rad["beholdt"] == f"{inntak.t['hs'].pk}/prove"
    assert ik1.pk != ik2.pk


def test_forklaringen_navngir_kvoten(inntak, mdd, kjor):
    kjor(simulering=True)
    bruker = lag_bruker("inntak_a2", Rolle.INNTAK, inntak.A)
    f = selectors.forklaring(mdd["E"], bruker)
    kvoter = [r for r in f.linjer if r.get("kvote")]
    assert kvoter and kvoter[0]["tilbud_obj"] == inntak.t["hs"] and kvoter[0]["nr"] == 1
    assert kvoter[0]["poeng"] == "20,00"  # the test result is what she competed with in the quota


def test_uten_kvoteprosent_er_det_vanlig_poengkonkurranse(inntak, mdd, kjor):
    hs = inntak.t["hs"]
    hs.kvote_prosent = 0
    hs.save()
    ik = kjor(simulering=True)
    assert not Poenggrense.objects.filter(inntakskjoring=ik, kvote="inntaksprove").exists()
    assert not any("/prove" in t["id"] for t in ik.snapshot["tilbud"])


def test_tjenesten_validerer_hver_rad_og_skriver_ingenting_ved_feil(inntak, mdd):
    hs = inntak.t["hs"]
    bruker = lag_bruker("inntak_a3", Rolle.INNTAK, inntak.A)
    for_ = dict(Proveresultat.objects.filter(tilbud=hs).values_list("soknad_id", "poeng"))
    with pytest.raises(ValidationError) as feil:
        registrer_proveresultater(hs, {mdd["A"].pk: "abc", mdd["B"].pk: "101", mdd["D"].pk: "70",
                                       999999: "50"}, bruker=bruker)  # fmt: skip
    per_rad = feil.value.message_dict
    assert set(per_rad) == {str(mdd["A"].pk), str(mdd["B"].pk), "999999"}
    assert "«abc»" in per_rad[str(mdd["A"].pk)][0] and "0 og 100" in per_rad[str(mdd["B"].pk)][0]
    assert "ikke ønsket" in per_rad["999999"][0]
    assert dict(Proveresultat.objects.filter(tilbud=hs).values_list("soknad_id", "poeng")) == for_
    tall = registrer_proveresultater(hs, {mdd["A"].pk: "", mdd["D"].pk: "70,25", mdd["B"].pk: "90.50"},
                                     bruker=bruker)  # fmt: skip
    assert tall == {"registrert": 1, "endret": 0, "fjernet": 1}
    assert Proveresultat.objects.get(tilbud=hs, soknad=mdd["D"]).poeng == Decimal("70.25")
    assert Saksbehandlingslogg.objects.filter(soknad=mdd["D"], handling="inntaksprove").exists()
    assert Proveresultat.history.filter(soknad_id=mdd["A"].pk).count() == 2  # created, then deleted


def test_tjenesten_sjekker_rolle_og_omfang(inntak, mdd, kodeverk):
    hs = inntak.t["hs"]
    for bruker in (lag_bruker("lese_a", Rolle.LESE, inntak.A), lag_bruker("inntak_b", Rolle.INNTAK, inntak.B),
                   lag_bruker("skole_a2", Rolle.SKOLE, inntak.A, skole=kodeverk["skole_a2"])):  # fmt: skip
        with pytest.raises(PermissionDenied):
            registrer_proveresultater(hs, {mdd["D"].pk: "50"}, bruker=bruker)
    skole = lag_bruker("skole_a", Rolle.SKOLE, inntak.A, skole=kodeverk["skole_a"])
    assert registrer_proveresultater(hs, {mdd["D"].pk: "50"}, bruker=skole)["registrert"] == 1


def test_siden_viser_og_lagrer_resultater(client, inntak, mdd, kodeverk, django_assert_max_num_queries):
    hs = inntak.t["hs"]
    url = reverse("inntak:inntaksprove", args=[hs.pk])
    client.force_login(lag_bruker("skole_a", Rolle.SKOLE, inntak.A, skole=kodeverk["skole_a"]))
    with django_assert_max_num_queries(20):
        svar = client.get(url)
    tekst = svar.content.decode()
    assert svar.status_code == 200 and "2 av 4 plasser" in tekst and 'value="90,50"' in tekst
    svar = client.post(url, {f"resultat-{mdd['D'].pk}": "x"})
    tekst = svar.content.decode()
    assert "Ingenting er lagret" in tekst and "«x»" in tekst
    assert (
        f'<a href="#resultat-{mdd["D"].pk}">{mdd["D"].person.etternavn}, {mdd["D"].person.fornavn}</a>'
        in tekst
    )
    assert 'aria-invalid="true"' in tekst
    svar = client.post(url, {f"resultat-{mdd['D'].pk}": "66,5", f"resultat-{mdd['A'].pk}": "95,00",
                             f"resultat-{mdd['B'].pk}": "90,50", f"resultat-{mdd['C'].pk}": "10,00",
                             f"resultat-{mdd['E'].pk}": "20,00"}, follow=True)  # fmt: skip
    assert "1 nye, 0 endret og 0 fjernet" in svar.content.decode()
    client.force_login(lag_bruker("skole_b", Rolle.SKOLE, inntak.B, skole=kodeverk["skole_b"]))
    assert client.get(url).status_code == 404
    client.force_login(lag_bruker("lese_a", Rolle.LESE, inntak.A))
    svar = client.get(url)
    assert svar.status_code == 200 and '<input type="text"' not in svar.content.decode()
    assert client.post(url, {f"resultat-{mdd['D'].pk}": "1"}).status_code == 403


def test_tilbudsbrevet_sier_at_plassen_kom_fra_inntaksproven(inntak, mdd, kjor):
    import datetime

    from inntak.kjoring import brev

    ik = kjor(simulering=False)
    kontekster = brev.brev_kontekster(ik, [mdd["A"].pk, mdd["E"].pk], datetime.date(2026, 7, 1))
    html = brev.lag_html(brev.aktiv_brevmal(inntak.A), kontekster, brev.brevhode(ik))
    assert html.count("etter resultatet ditt på inntaksprøven") == 1  # Anne, admitted in the quota
    assert "for plassene som fordeles etter inntaksprøven" in html  # Eva waits in the quota too
