"""Job 1P001 under opplæringsforskrifta 2024 (school years 2025-2026 onward): the set-based SQL
(``inntak.poeng_sql.POENG_SQL_2024``) gives exactly the numbers of ``inntak.regler`` on the same stored grades.

Edge cases: IV/IM with documented absence (0, § 4-19 e / § 4-25 d), realkompetanse (GK, § 4-19 andre ledd,
§ 4-20 d), the half rule only at Vg1 (§ 4-20 a, none at Vg2/Vg3: § 4-26), privatist results beside the school
grade (§ 4-25 e), Vg3 with a Vg1 halvår with and without a later Vg2 assessment, and a random sample with all of
them. 2026-2027 is the fixture's school year (the rule set comes from the school year, as in the job and on the
applicant page); 2025-2026 is named explicitly (same regime, same statement).
"""

import random
from decimal import Decimal

import pytest

from inntak import selectors
from inntak.models import Karakter, Poeng
from inntak.poeng_sql import beregn_poeng, beregn_poeng_for_soknader, poeng_sql, regelsett_for
from inntak.regler import beregn_poeng as beregn_regler
from tests.fabrikker import sett_karakterer

pytestmark = pytest.mark.django_db
D = Decimal

GS13 = ["NOR0214", "NOR0215", "NOR0216", "ENG0012", "ENG0013", "MAT0010", "NAT0010", "SAF0010", "RLE0030",
        "KHV0010", "MHE0010", "MUS0010", "KRO0020"]  # fmt: skip
VG1_FAG = ["ENG1007", "NAT1007", "SAK1001", "REA3035", "ITK2002", "KRO1005"]
NORSK = ["NOR1267", "NOR1268", "NOR1269"]  # the same fagkode on Vg1, Vg2 (halvår) and Vg3 (standpunkt)


def st(fag, k, **kw):
    return {"fag": fag, "vurdering": "standpunkt", "karakter": k, **kw}


def eks(fag, k, vurdering="eksamen_skriftlig", **kw):
    return {"fag": fag, "vurdering": vurdering, "karakter": k, **kw}


def hv(fag, k, **kw):
    return {"fag": fag, "vurdering": "halvar", "karakter": k, **kw}


def _soknad_med(lag_soknad, rader, niva="VG1"):
    """A søknad whose person has ``rader`` (a list for grunnskole, or {trinn: list}) stored through the writer."""
    onsker = {"VG1": ["st", "hs", "el"], "VG2": ["rea"], "VG3": ["rea3"]}[niva]
    s = lag_soknad(onsker=onsker, niva=niva, rettstatus="ungdomsrett")
    for trinn, liste in (rader if isinstance(rader, dict) else {"GS": rader}).items():
        sett_karakterer(s.person, liste, "manuell", trinn=trinn)
    return s


def _kjor(inntak, kode=None):
    return beregn_poeng(
        fylke_id=inntak.A.pk, skolear_id=inntak.ar.pk, regelsett=regelsett_for(kode or inntak.ar.kode)
    )


def _sammenlign(soknad, kode=None):
    """SQL result = Python (the applicant page's explanation, or the named rule set)."""
    p = Poeng.objects.get(soknad=soknad)
    if kode is None:
        py = selectors.forklar_poeng(soknad)
    else:
        py = beregn_regler(selectors.regel_karakterer(soknad), soknad.niva, regelsett=regelsett_for(kode))
    assert (p.poeng, p.gjennomsnitt, p.individuell_behandling) == (
        py.poeng,
        py.gjennomsnitt,
        py.individuell_behandling,
    )
    assert (p.antall, p.antall_fag, p.antall_fag_med_karakter) == (
        py.antall_karakterer, py.antall_fag, py.antall_fag_med_karakter)  # fmt: skip
    assert (p.sum_karakterer, p.regelsett, p.avrunding) == (py.sum_karakterer, py.regelsett, "A")
    return p, py


def eksempel_1():
    """docs/regler/regler-2006.md §8 nr. 1: 45,60 under both regimes."""
    karakterer = "4 4 5 4 5 4 5 5 5 4 5 4 5".split()
    return ([st(f, k) for f, k in zip(GS13, karakterer, strict=True)] + [st("FSP0011", "6")]
            + [st("VAL0001", "5"), st("VAL0002", "4"), eks("NOR0214", "3"), eks("MAT0010", "5", "eksamen_muntlig"),
               st("ORD0010", "G"), st("ATF0010", "NG")])  # fmt: skip


def eksempel_2():
    """§8 nr. 2: sidemål fritatt, IV in the subject with 6, documented IM on the exam with 5. Under the new
    forskrift the IM counts 0 (no exception): (62,50 + 0) / 16 = 3,906… → 3,91 → 39,10 (2006: 41,70)."""
    rader = eksempel_1()
    rader[1] = st("NOR0215", "F")
    rader[13] = st("FSP0011", "IV")
    rader[17] = eks("MAT0010", "IM", "eksamen_muntlig", dokumentert_fravaer=True)
    return rader


# name: (niva, grades, points under opplæringsforskrifta 2024, points under the 2006 rules with reading A)
TILFELLER = {
    "eksempel_1": ("VG1", eksempel_1(), "45.60", "45.60"),
    "eksempel_2_dokumentert_im_teller_0": ("VG1", eksempel_2(), "39.10", "41.70"),
    "f9_33_av_8": (
        "VG1",
        [st(f, k) for f, k in zip(GS13, "4 4 4 5 4 4 4 4".split(), strict=False)],
        "41.30",
        "41.30",
    ),
    "akkurat_halvparten_mangler": ("VG1", [st("NOR0214", "4"), st("NOR0215", "F")], "40.00", "40.00"),
    "mer_enn_halvparten_mangler": (
        "VG1",
        [st("NOR0214", "4"), st("NOR0215", "F"), st("NOR0216", "IV")],
        None,
        None,
    ),
    "gk_i_mer_enn_halvparten": (
        "VG1",
        [
            st("NOR0214", "4"),
            st("NOR0215", "GK"),
            st("NOR0216", "GK"),
            st("ENG0012", "5"),
            st("MAT0010", "GK"),
        ],
        None,
        "45.00",
    ),
    "gk_i_under_halvparten": (
        "VG1",
        [
            st("NOR0214", "4"),
            st("NOR0215", "GK"),
            st("NOR0216", "GK"),
            st("ENG0012", "5"),
            st("MAT0010", "3"),
        ],
        "40.00",
        "40.00",
    ),
    "gk_og_fritak_mer_enn_halvparten_til_sammen": (  # neither rule alone: 2 of 5 missing, 2 of 5 GK
        "VG1",
        [
            st("NOR0214", "4"),
            st("NOR0215", "GK"),
            st("NOR0216", "GK"),
            st("ENG0012", "F"),
            st("MAT0010", "F"),
        ],
        "40.00",
        None,
    ),
    "vg2_mange_iv_gir_poeng": (
        "VG2",
        {"VG1": [st("ENG1007", "IV"), st("NAT1007", "IV"), st("SAK1001", "IV"), hv("NOR1267", "4")]},
        "10.00",
        None,
    ),
    "vg2_privatist_bedre": (
        "VG2",
        {
            "VG1": [
                st("ENG1007", "3"),
                st("ENG1007", "5", privatist=True),
                st("NAT1007", "4"),
                eks("NAT1007", "2"),
                eks("NAT1007", "4", privatist=True),
            ]
        },
        "43.30",
        "30.00",
    ),
    "vg2_privatist_darligere_og_im": (
        "VG2",
        {
            "VG1": [
                st("ENG1007", "5"),
                st("ENG1007", "3", privatist=True),
                eks("NAT1007", "IM", dokumentert_fravaer=True),
                eks("NAT1007", "IM", privatist=True),
                st("NAT1007", "4"),
            ]
        },
        "30.00",
        "45.00",
    ),
    "vg3_halvar_med_senere_vurdering": (  # [FL-F7]-like: the Vg1 halvår in norsk gives way to the Vg2 halvår
        "VG3",
        {
            "VG1": [st("ENG1007", "4"), st("NAT1007", "5"), hv("NOR1267", "3")],
            "VG2": [st("MAT1023", "3"), st("MAT1023", "5", privatist=True), hv("NOR1267", "4")],
        },
        "45.00",
        "40.00",
    ),
    "vg3_halvar_uten_senere_vurdering": (  # the Vg1 halvår counts when norsk has no Vg2 assessment
        "VG3",
        {
            "VG1": [st("ENG1007", "4"), st("NAT1007", "5"), hv("NOR1267", "3")],
            "VG2": [st("MAT1023", "5"), hv("NOR1268", "F")],
        },
        "42.50",
        "46.70",
    ),
    "vg3_iv_som_halvar_pa_vg2": (
        "VG3",
        {"VG1": [hv("NOR1267", "6"), st("ENG1007", "4")], "VG2": [hv("NOR1267", "IV"), st("MAT1023", "4")]},
        "26.70",
        "26.70",
    ),
    "ingen_karakterer": ("VG1", [], None, None),
    "vg2_bare_fritak": ("VG2", {"VG1": [st("ENG1007", "F")]}, None, None),
}


@pytest.mark.parametrize("kode", [None, "2025-2026"])
def test_sql_lik_python_pa_kanttilfeller(lag_soknad, inntak, kode):
    soknader = {
        navn: _soknad_med(lag_soknad, rader, niva) for navn, (niva, rader, _ny, _gml) in TILFELLER.items()
    }
    resultat = _kjor(inntak, kode)
    assert resultat["soknader"] == len(soknader) and resultat["regelsett"] == (kode or "2026-2027")
    for navn, s in soknader.items():
        p, py = _sammenlign(s, kode)
        forventet = TILFELLER[navn][2]
        assert p.poeng == (D(forventet) if forventet else None), navn
    assert resultat["individuell_behandling"] == sum(1 for t in TILFELLER.values() if t[2] is None)


def test_gamle_regler_gir_andre_tall_pa_de_samme_karakterene(lag_soknad, inntak):
    """The same stored grades under a 2006 rule set: the old statement, the old numbers (reading A)."""
    soknader = {
        navn: _soknad_med(lag_soknad, rader, niva) for navn, (niva, rader, _ny, _gml) in TILFELLER.items()
    }
    _kjor(inntak, "2024-2025")
    for navn, s in soknader.items():
        p = Poeng.objects.get(soknad=s)
        py = beregn_regler(selectors.regel_karakterer(s), s.niva, regelsett="2024-2025")
        assert (p.poeng, p.individuell_behandling, p.antall) == (
            py.poeng,
            py.individuell_behandling,
            py.antall_karakterer,
        )
        forventet = TILFELLER[navn][3]
        assert p.poeng == (D(forventet) if forventet else None), navn


def test_privatist_lagres_ved_siden_av_skolekarakteren(lag_soknad, inntak):
    s = _soknad_med(lag_soknad, {"VG1": [st("ENG1007", "3"), st("ENG1007", "5", privatist=True)]}, "VG2")
    assert sorted(Karakter.objects.filter(person=s.person).values_list("karakter", "privatist")) == [
        ("3", False), ("5", True)]  # fmt: skip
    _kjor(inntak)
    p, py = _sammenlign(s)
    assert p.poeng == D("50.00")
    assert [(u.karakter, u.privatist) for u in py.utelatt] == [("3", False)]
    assert "§ 4-25 første ledd bokstav e" in py.utelatt[0].hjemmel


def test_privatist_pa_grunnskolen_avvises(lag_soknad, inntak):
    from django.core.exceptions import ValidationError

    s = lag_soknad()
    with pytest.raises(ValidationError, match="Privatistresultat føres bare for vgs-karakterer"):
        sett_karakterer(s.person, [st("NOR0214", "4", privatist=True)], "manuell")


def test_nye_karakterer_regnes_om_med_regelsettet_for_skolearet(lag_soknad, inntak):
    """Recomputing after new grades (``beregn_poeng_for_soknader``) uses the 2024 statement for 2026-2027, and a
    stored reading B from before the new rules falls back to A instead of failing."""
    s = _soknad_med(lag_soknad, [st("NOR0214", "5")])
    Poeng.objects.filter(soknad=s).update(avrunding="B")  # stored by a batch before the new rules
    sett_karakterer(s.person, [st("NOR0214", "5"), eks("MAT0010", "IM", dokumentert_fravaer=True)], "api")
    p = Poeng.objects.get(soknad=s)
    assert (p.poeng, p.avrunding, p.antall) == (D("25.00"), "A", 2)  # IM = 0 also with documented absence
    assert selectors.forklar_poeng(s).poeng == p.poeng
    assert beregn_poeng_for_soknader([s.pk]) == 1


def test_lesemate_b_avvises_i_jobbskjemaet(inntak):
    from inntak.jobber import BeregnPoengSkjema

    skjema = BeregnPoengSkjema(data={"skolear": "2026-2027", "avrunding": "B"})
    assert not skjema.is_valid() and "Lesemåte B tilbys ikke" in str(skjema.errors["avrunding"])
    from kodeverk.models import Skolear

    Skolear.objects.create(kode="2024-2025", startdato="2024-08-01", sluttdato="2025-07-31")
    assert BeregnPoengSkjema(data={"skolear": "2024-2025", "avrunding": "B"}).is_valid()


def test_setningen_er_den_nye_bare_for_ny_forskrift():
    gammel, ny = poeng_sql("so.id = 1"), poeng_sql("so.id = 1", ny_forskrift=True)
    assert "AND NOT k.privatist" in gammel and "row_number()" not in gammel
    assert "row_number()" in ny and "2 * a.m > a.p OR 2 * a.g > a.p" in ny and "%(avrunding)s = 'A'" not in ny


def _tilfeldig(rng: random.Random) -> tuple[str, dict | list]:
    """A random applicant at a random level, with the new fields: GK, documented IM, privatist rows, halvår."""
    niva = rng.choice(["VG1", "VG1", "VG2", "VG3"])
    evne = rng.gauss(4.2, 1.0)

    def tall() -> str:
        return str(min(6, max(1, round(evne + rng.gauss(0, 1)))))

    def karakter(mangler: float) -> str:
        u = rng.random()
        return "F" if u < mangler else "IV" if u < mangler + 0.08 else "D" if u < mangler + 0.1 else tall()

    if niva == "VG1":
        mangler = rng.choice((0.05, 0.1, 0.5))
        gk = rng.choice((0.0, 0.0, 0.3, 0.7))  # adults' vitnemål: realkompetanse
        rader = [
            st(f, "GK" if rng.random() < gk else karakter(mangler))
            for f in rng.sample(GS13, rng.randint(3, 13))
        ]
        rader += [
            st(f, str(rng.randint(1, 6)))
            for f in rng.sample(["VAL0001", "VAL0002", "VAL0003"], rng.randint(0, 3))
        ]
        for fag in rng.sample(["NOR0214", "MAT0010", "ENG0012"], rng.randint(0, 2)):
            im = rng.random() < 0.3
            rader.append(eks(fag, "IM" if im else tall(), dokumentert_fravaer=im and rng.random() < 0.5))
        return niva, rader
    trinn = {"VG2": ["VG1"], "VG3": ["VG1", "VG2"]}[niva]
    rader: dict[str, list] = {}
    for t in trinn:
        liste = []
        for fag in rng.sample(
            VG1_FAG if t == "VG1" else ["MAT1023", "KRO1005", "ENG1009", "REA3035"], rng.randint(1, 4)
        ):
            liste.append(st(fag, karakter(0.1)))
            if rng.random() < 0.3:
                liste.append(st(fag, tall(), privatist=True))
            if rng.random() < 0.3:
                im = rng.random() < 0.3
                liste.append(eks(fag, "IM" if im else tall(), dokumentert_fravaer=im and rng.random() < 0.5))
        for fag in rng.sample(NORSK, rng.randint(0, 2)):
            liste.append(hv(fag, rng.choice([tall(), tall(), "IV", "F"])))
        rader[t] = liste
    return niva, rader


def test_sql_lik_python_pa_tilfeldig_utvalg(lag_soknad, inntak):
    rng = random.Random(2024_06_03)
    soknader = [_soknad_med(lag_soknad, rader, niva) for niva, rader in (_tilfeldig(rng) for _ in range(80))]
    _kjor(inntak)
    resultater = [_sammenlign(s) for s in soknader]
    individuelle = sum(p.individuell_behandling for p, _py in resultater)
    assert 0 < individuelle < len(soknader)
    # the sample really holds the cases the comparison is about
    forklaring = "\n".join(linje for _p, py in resultater for linje in py.forklaring)
    for tekst in ("privatistresultatet", "privatistresultat: teller", "også med dokumentert fravær",
                  "realkompetansevurdering", "har en senere vurdering på Vg2", "Halvårsvurdering"):  # fmt: skip
        assert tekst in forklaring, tekst
