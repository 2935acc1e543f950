"""Job 1P001: the set-based SQL gives exactly the numbers of ``inntak.regler`` (edge cases and a random sample),
both rounding readings, and a re-run is idempotent.

The edge cases and the random sample here are the 2006 rules (forskrift 2006, ``GAMMELT``), with reading A and B;
the rule set is named, so the 2006 statement runs on these søknader whatever their school year. The rules of
opplæringsforskrifta 2024 (2025-2026 onward) are compared in tests/inntak/test_poeng_2024.py."""

import random
from decimal import Decimal

import pytest

from inntak import selectors
from inntak.models import Poeng
from inntak.poeng_sql import beregn_poeng, regelsett_for
from inntak.regler import beregn_poeng as beregn_regler
from tests.fabrikker import sett_karakterer
from vigo.jobber import tjenester
from vigo.models import Rolle

pytestmark = pytest.mark.django_db
GAMMELT = "2024-2025"  # a rule set of forskrift 2006

GS13 = ["NOR0214", "NOR0215", "NOR0216", "ENG0012", "ENG0013", "MAT0010", "NAT0010", "SAF0010", "RLE0030",
        "KHV0010", "MHE0010", "MUS0010", "KRO0020"]  # fmt: skip


def st(fag, k, **kw):
    return {"fag": fag, "vurdering": "standpunkt", "karakter": k, **kw}


def eks(fag, k, vurdering="eksamen_skriftlig", **kw):
    return {"fag": fag, "vurdering": vurdering, "karakter": k, **kw}


def eksempel_1():
    """docs/regler/regler-2006.md §8 nr. 1: 14 standpunkt, valgfag (5, 4), exams 3 and 5, orden and oppførsel."""
    karakterer = "4 4 5 4 5 4 5 5 5 4 5 4 5".split()
    return ([st(f, k) for f, k in zip(GS13, karakterer, strict=True)] + [st("FSP0011", "6")]
            + [st("VAL0001", "5"), st("VAL0002", "4"), eks("NOR0214", "3"), eks("MAT0010", "5", "eksamen_muntlig"),
               st("ORD0010", "G"), st("ATF0010", "NG")])  # fmt: skip


def eksempel_2():
    """§8 nr. 2: sidemål fritatt, IV in the subject with 6, documented IM on the exam with 5."""
    rader = eksempel_1()
    rader[1] = st("NOR0215", "F")
    rader[13] = st("FSP0011", "IV")
    rader[17] = eks("MAT0010", "IM", "eksamen_muntlig", dokumentert_fravaer=True)
    return rader


VG1_TILFELLER = {
    "eksempel_1": (eksempel_1(), "45.60", "45.59"),
    "eksempel_2": (eksempel_2(), "41.70", "41.67"),
    "halvt_opp": (
        [st(f, k) for f, k in zip(GS13, "4 4 4 5 4 4 4 4".split(), strict=False)],
        "41.30",
        "41.25",
    ),
    "ett_valgfag_teller_vanlig": (
        [st("NOR0214", "4"), st("VAL0003", "5", fagtype="valgfag"), eks("VAL0003", "3", "eksamen_muntlig")],
        "40.00",
        "40.00",
    ),  # fmt: skip
    "tre_valgfag": (
        [st("NOR0214", "4"), st("VAL0001", "6"), st("VAL0002", "5"), st("VAL0003", "5")],
        "46.70",
        "46.65",
    ),  # valgfag (6+5+5)/3 = 5.33; A: (4 + 5.33) / 2 = 4.665 -> 4.67
    "im_uten_dokumentasjon_teller_0": (
        [st("NOR0214", "5"), st("MAT0010", "5"), eks("MAT0010", "IM")],
        "33.30",
        "33.33",
    ),  # fmt: skip
    "deltatt_og_bestatt_teller_ikke": (
        [st("NOR0214", "5"), st("KRO0020", "D"), st("MHE0010", "B")],
        "50.00",
        "50.00",
    ),  # fmt: skip
    "akkurat_halvparten": ([st("NOR0214", "4"), st("NOR0215", "F")], "40.00", "40.00"),
    "faerre_enn_halvparten": ([st("NOR0214", "4"), st("NOR0215", "F"), st("NOR0216", "IV")], None, None),
    "bare_orden_og_oppforsel": ([st("ORD0010", "G"), st("ATF0010", "LG")], None, None),
    "ingen_karakterer": ([], None, None),
}


def _soknad_med(lag_soknad, rader, niva="VG1", trinn="GS"):
    onsker = {"VG1": ["st", "hs", "el"], "VG2": ["rea"], "VG3": ["rea3"]}[niva]
    s = lag_soknad(onsker=onsker, niva=niva, rettstatus="ungdomsrett")
    if isinstance(rader, dict):
        for t, r in rader.items():
            sett_karakterer(s.person, r, "manuell", trinn=t)
    else:
        sett_karakterer(s.person, rader, "manuell", trinn=trinn)
    return s


def _kjor(inntak, avrunding=None, kode=None):
    """The batch with the rule set ``kode`` (default: the school year's own)."""
    return beregn_poeng(fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk,
                        regelsett=regelsett_for(kode or inntak.ar.kode, avrunding))  # fmt: skip


def _sammenlign(soknad, avrunding, kode=None):
    """Stored SQL result = Python: the page's explanation (school year's rule set) or the named rule set."""
    p = Poeng.objects.get(soknad=soknad)
    if kode is None:
        py = selectors.forklar_poeng(soknad, avrunding)
    else:
        py = beregn_regler(
            selectors.regel_karakterer(soknad), soknad.niva, regelsett=regelsett_for(kode, avrunding)
        )
    assert (p.poeng, p.gjennomsnitt, p.individuell_behandling) == (
        py.poeng,
        py.gjennomsnitt,
        py.individuell_behandling,
    )
    assert (p.antall, p.antall_fag, p.antall_fag_med_karakter) == (
        py.antall_karakterer, py.antall_fag, py.antall_fag_med_karakter)  # fmt: skip
    assert p.sum_karakterer == py.sum_karakterer and p.avrunding == avrunding and p.regelsett == py.regelsett
    return p


@pytest.mark.parametrize("avrunding", ["A", "B"])
def test_sql_lik_python_pa_kanttilfeller(lag_soknad, inntak, avrunding):
    soknader = {navn: _soknad_med(lag_soknad, rader) for navn, (rader, _, _) in VG1_TILFELLER.items()}
    vg2 = _soknad_med(lag_soknad, [st("ENG1007", "5"), {"fag": "NAT1007", "vurdering": "halvar", "karakter": "4"},
                                   eks("ENG1007", "IM"), st("REA3035", "F")], niva="VG2", trinn="VG1")  # fmt: skip
    vg3 = _soknad_med(lag_soknad, {"VG1": [st("ENG1007", "6"), {"fag": "NAT1007", "vurdering": "halvar", "karakter": "2"}],
                                   "VG2": [{"fag": "MAT1023", "vurdering": "halvar", "karakter": "3"}, st("ITK2002", "D")]},
                      niva="VG3")  # fmt: skip
    resultat = _kjor(inntak, avrunding, GAMMELT)
    assert resultat["soknader"] == len(soknader) + 2
    assert resultat["individuell_behandling"] == 3
    kolonne = 1 if avrunding == "A" else 2
    for navn, s in soknader.items():
        p = _sammenlign(s, avrunding, GAMMELT)
        forventet = VG1_TILFELLER[navn][kolonne]
        assert p.poeng == (Decimal(forventet) if forventet else None), navn
    assert _sammenlign(vg2, avrunding, GAMMELT).poeng == Decimal("30.00")  # (5 + 4 + 0) / 3; F left out
    # Vg3: halvår from Vg1 does not count, from Vg2 it does; D does not count: (6 + 3) / 2 = 4.5
    assert _sammenlign(vg3, avrunding, GAMMELT).poeng == Decimal("45.00")


def _tilfeldig_vitnemal(rng: random.Random) -> list[dict]:
    evne = rng.gauss(4.2, 1.0)
    fritak = rng.choice((0.05, 0.1, 0.15, 0.6))  # some pupils lack most grades (individuell behandling)
    rader = []
    for fag in rng.sample(GS13, rng.randint(3, 13)):
        u = rng.random()
        tall = str(min(6, max(1, round(evne + rng.gauss(0, 1)))))
        k = "F" if u < fritak else "IV" if u < fritak + 0.07 else "D" if u < fritak + 0.1 else tall
        rader.append(st(fag, k))
    for fag in rng.sample(["VAL0001", "VAL0002", "VAL0003", "VAL0004"], rng.randint(0, 3)):
        rader.append(st(fag, str(rng.randint(1, 6))))
    for fag in rng.sample(["NOR0214", "MAT0010", "ENG0012"], rng.randint(0, 2)):
        u = rng.random()
        im = u < 0.3
        rader.append(eks(fag, "IM" if im else str(rng.randint(1, 6)), dokumentert_fravaer=im and u < 0.15))
    if rng.random() < 0.8:
        rader += [st("ORD0010", rng.choice("G NG LG".split())), st("ATF0010", "G")]
    return rader


@pytest.mark.parametrize("avrunding", ["A", "B"])
def test_sql_lik_python_pa_tilfeldig_utvalg(lag_soknad, inntak, avrunding):
    rng = random.Random(20260 + ord(avrunding))
    soknader = [_soknad_med(lag_soknad, _tilfeldig_vitnemal(rng)) for _ in range(60)]
    _kjor(inntak, avrunding, GAMMELT)
    individuelle = sum(_sammenlign(s, avrunding, GAMMELT).individuell_behandling for s in soknader)
    assert 0 < individuelle < len(soknader)


def test_omkjoring_er_idempotent_og_tar_med_nye_karakterer(lag_soknad, inntak):
    a = _soknad_med(lag_soknad, eksempel_1())
    b = _soknad_med(lag_soknad, [])
    _kjor(inntak)
    for_ = {p.pk: (p.poeng, p.gjennomsnitt, p.antall, p.individuell_behandling) for p in Poeng.objects.all()}
    _kjor(inntak)
    assert {
        p.pk: (p.poeng, p.gjennomsnitt, p.antall, p.individuell_behandling) for p in Poeng.objects.all()
    } == for_
    assert Poeng.objects.count() == 2 and for_[b.pk][3] is True
    # New grades recompute the person's søknad at once (same SQL), so the stored points never go stale.
    sett_karakterer(b.person, [st("NOR0214", "4"), st("MAT0010", "5")], "api")
    assert Poeng.objects.get(pk=b.pk).poeng == Decimal("45.00")
    assert Poeng.objects.get(pk=a.pk).poeng == Decimal("45.60")


def test_jobb_1p001_med_fremdrift_og_andre_fylker_urort(
    lag_soknad, inntak, brukere, django_capture_on_commit_callbacks
):
    s = _soknad_med(lag_soknad, eksempel_1())
    annen = lag_soknad(fylke=inntak.B)  # registered: its points were computed then (registrer_soknad)
    annen_for = list(Poeng.objects.filter(soknad=annen).values_list("beregnet", flat=True))
    bruker = brukere["A"][Rolle.INNTAK]
    with django_capture_on_commit_callbacks(execute=True):
        kj = tjenester.start_kjoring("1P001", inntak.A, bruker, {"skolear": "2026-2027", "niva": "VG1"})
    kj.refresh_from_db()
    assert kj.status == "ferdig", kj.feil
    assert kj.resultat["soknader"] == 1 and kj.resultat["regelsett"] == "2026-2027"
    assert kj.antall_ferdig == kj.antall_totalt == 1
    assert Poeng.objects.get(soknad=s).poeng == Decimal("45.60")
    assert (
        list(Poeng.objects.filter(soknad=annen).values_list("beregnet", flat=True)) == annen_for
    )  # untouched
    assert kj.logg.filter(tekst__contains="Regelsett 2026-2027, avrunding A").exists()


def test_skjema_avviser_skolear_uten_regelsett(inntak):
    from inntak.jobber import BeregnPoengSkjema
    from kodeverk.models import Skolear

    Skolear.objects.create(kode="2040-2041", startdato="2040-08-01", sluttdato="2041-07-31")
    skjema = BeregnPoengSkjema(data={"skolear": "2040-2041"})
    assert not skjema.is_valid() and "Ukjent regelsett" in str(skjema.errors)


def test_sma_biter_gir_samme_resultat(lag_soknad, inntak):
    rng = random.Random(7)
    soknader = [_soknad_med(lag_soknad, _tilfeldig_vitnemal(rng)) for _ in range(25)]
    kall = []
    beregn_poeng(fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk, regelsett=regelsett_for(inntak.ar.kode),
                 chunk=4, fremdrift=lambda f, t, m: kall.append((f, t)))  # fmt: skip
    assert kall[0] == (0, 25) and kall[-1] == (25, 25) and len(kall) == 1 + 7
    for s in soknader:
        _sammenlign(s, "A")
