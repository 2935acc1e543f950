"""Statistics pages (rapporter/statistikk): who may see what, the intake figures' counts per scope, the SVG chart,
the accessible table and the audited CSV/XLSX downloads. See docs/statistikk.md."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rapporter.statistikk import diagram, figur, register, tilgang
from rapporter.statistikk.figur import Nokkeltall, Tabell
from tests.fabrikker import PersonFactory
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db

INDEX = reverse("rapporter:statistikk")


def side(kode: str) -> str:
    return reverse("rapporter:statistikk_figur", args=[kode])


@pytest.fixture
def inntaksdata(kodeverk):
    """Two school years in county A, one in B. County A 2025-2026: three first wishes to ST at skole_a (one placed
    on wish 1, one on wish 2, one without a place), one to EL at skole_a2 (placed on wish 1), one preutfylt (not
    counted); 2024-2025: two to ST at skole_a. County B 2025-2026: four to ST at skole_b, all placed on wish 1."""
    from inntak.models import Inntakskjoring, Onske, Poenggrense, Soknad, Tilbud, Tildeling
    from kodeverk.models import Behandlingskategori, Programomrade, Skolear, Utdanningsprogram

    ar = {
        k: Skolear.objects.create(kode=k, startdato=datetime.date(int(k[:4]), 8, 1),
                                  sluttdato=datetime.date(int(k[5:]), 7, 31))
        for k in ("2024-2025", "2025-2026")
    }  # fmt: skip
    st = Programomrade.objects.get(kode="STUSP1----")
    up_el = Utdanningsprogram.objects.create(kode="EL", navn="Elektro og datateknologi")
    el = Programomrade.objects.create(kode="ELELE1----", navn="Elektro", niva="VG1", utdanningsprogram=up_el)
    kategori = Behandlingskategori.objects.create(kode="ORD", navn="Ordinær")
    tb = {}
    for k, a in ar.items():
        tb[("a", k)] = Tilbud.objects.create(
            skole=kodeverk["skole_a"], programomrade=st, skolear=a, plasser=30
        )
        tb[("a2", k)] = Tilbud.objects.create(
            skole=kodeverk["skole_a2"], programomrade=el, skolear=a, plasser=15
        )
        tb[("b", k)] = Tilbud.objects.create(
            skole=kodeverk["skole_b"], programomrade=st, skolear=a, plasser=30
        )

    def soknad(fylke, skolear, onsker, status="klar"):
        s = Soknad.objects.create(
            person=PersonFactory(fylke=fylke), skolear=ar[skolear], fylke=fylke, hjemfylke=fylke, niva="VG1",
            rettstatus="ungdomsrett", behandlingskategori=kategori, status=status,
        )  # fmt: skip
        for nr, t in enumerate(onsker, start=1):
            Onske.objects.create(soknad=s, tilbud=tb[(t, skolear)], nr=nr)
        return s

    a, b = kodeverk["A"], kodeverk["B"]
    s1, s2, s3 = (soknad(a, "2025-2026", ["a", "a2"]) for _ in range(3))
    s4 = soknad(a, "2025-2026", ["a2", "a"])
    soknad(a, "2025-2026", ["a"], status="preutfylt")
    gamle = [soknad(a, "2024-2025", ["a"]) for _ in range(2)]
    sb = [soknad(b, "2025-2026", ["b"]) for _ in range(4)]

    def kjoring(fylke, skolear, runde=1, publisert=True):
        return Inntakskjoring.objects.create(
            fylke=fylke, skolear=ar[skolear], niva="VG1", runde=runde, simulering=not publisert,
            publisert=publisert, publisert_tidspunkt=timezone.now() if publisert else None, seed=1,
            regelsett="2025-2026", snapshot={}, resultat={}, resultat_sha256="",
        )  # fmt: skip

    ik_a, sim_a, ik_b = (
        kjoring(a, "2025-2026"),
        kjoring(a, "2025-2026", publisert=False),
        kjoring(b, "2025-2026"),
    )
    ik_a2, ik_gammel = kjoring(a, "2025-2026", runde=2), kjoring(a, "2024-2025")
    for ik in (ik_a, sim_a):  # the simulation's outcome must never be counted
        Tildeling.objects.create(
            inntakskjoring=ik, soknad=s1, tilbud=tb[("a", "2025-2026")], onske_nr=1, runde=1
        )
        Tildeling.objects.create(
            inntakskjoring=ik, soknad=s2, tilbud=tb[("a2", "2025-2026")], onske_nr=2, runde=1
        )
        Tildeling.objects.create(inntakskjoring=ik, soknad=s3, tilbud=None, runde=1)
        Tildeling.objects.create(
            inntakskjoring=ik, soknad=s4, tilbud=tb[("a2", "2025-2026")], onske_nr=1, runde=1
        )
    for s in sb:
        Tildeling.objects.create(
            inntakskjoring=ik_b, soknad=s, tilbud=tb[("b", "2025-2026")], onske_nr=1, runde=1
        )
    for ik in (ik_a, sim_a, ik_b):  # the run's summary numbers, as inntak/kjoring/lagring.py writes them
        t = Tildeling.objects.filter(inntakskjoring=ik)
        plass = t.filter(tilbud__isnull=False)
        Inntakskjoring.objects.filter(pk=ik.pk).update(
            antall_onske1=plass.filter(onske_nr=1).count(),
            antall_onske2=plass.filter(onske_nr=2).count(),
            antall_onske3_pluss=plass.filter(onske_nr__gte=3).count(),
            antall_utenfor_onsker=plass.filter(onske_nr=0).count(),
            antall_uten_plass=t.filter(tilbud=None).count(),
        )

    def grense(ik, t, poeng, status="poeng"):
        Poenggrense.objects.create(inntakskjoring=ik, tilbud=t, runde=ik.runde, status=status, poeng=poeng,
                                   plasser=t.plasser)  # fmt: skip

    grense(ik_gammel, tb[("a", "2024-2025")], Decimal("40.50"))
    grense(ik_a, tb[("a", "2025-2026")], Decimal("42.00"))
    grense(ik_a2, tb[("a", "2025-2026")], Decimal("41.00"))  # round 2 went lower: the year's lowest is 41
    grense(sim_a, tb[("a", "2025-2026")], Decimal("10.00"))  # simulation: ignored
    grense(ik_a, tb[("a2", "2025-2026")], None, status="alle_inntatt")  # no threshold
    grense(ik_b, tb[("b", "2025-2026")], Decimal("50.00"))
    return {"ar": ar, "tilbud": tb, "gamle": gamle}


def beregn(bruker, kode: str, **data) -> Tabell:
    tall = register.finn(kode)
    return tall.beregn(tilgang.lag_valg(bruker, data, tall).filter)


def rader(tabell: Tabell) -> set[tuple]:
    return set(tabell.rader)


# --- who may see -------------------------------------------------------------------------------------------
SER_STATISTIKK = {
    Rolle.INNTAK,
    Rolle.FAGOPPLAERING,
    Rolle.FYLKESADMIN,
    Rolle.LESE,
    Rolle.SKOLE,
    Rolle.SYSADMIN,
}


@pytest.mark.parametrize("rolle", list(Rolle))
def test_index_og_figur_per_rolle(client, brukere, inntaksdata, rolle):
    client.force_login(brukere["A"][rolle])
    ventet = 200 if rolle in SER_STATISTIKK else 403
    assert client.get(INDEX).status_code == ventet
    assert client.get(side("sokere-per-program")).status_code == ventet
    if ventet == 200:
        tekst = client.get(INDEX).content.decode()
        for kode in ("sokere-per-program", "inntaksresultat-per-runde", "poenggrenser"):
            assert side(kode) in tekst


def test_ot_har_ingen_statistikk(brukere):
    assert not tilgang.kan_se_statistikk(brukere["A"][Rolle.OT])


def test_ukjent_kode_er_404_og_innlogging_kreves(client, brukere):
    assert client.get(INDEX).status_code == 302
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.get(side("finnes-ikke")).status_code == 404


def test_figur_med_ekstra_tillatelse_krever_den(client, brukere, monkeypatch):
    monkeypatch.setattr(figur, "_REGISTER", dict(figur._REGISTER))
    figur.registrer(Nokkeltall(kode="test-kontrakter", tittel="Kontrakter", omrade="Fagopplæring",
                               beregn=lambda f: Tabell(kolonner=("Fag", "Antall"), rader=[("Tømrer", 3)]),
                               tillatelse="fagopplaering.view_kontrakt"))  # fmt: skip
    client.force_login(brukere["A"][Rolle.INNTAK])
    assert client.get(side("test-kontrakter")).status_code == 403
    assert side("test-kontrakter") not in client.get(INDEX).content.decode()
    client.force_login(brukere["A"][Rolle.SKOLE])
    assert client.get(side("test-kontrakter")).status_code == 403
    client.force_login(brukere["A"][Rolle.FAGOPPLAERING])
    svar = client.get(side("test-kontrakter"))
    assert svar.status_code == 200 and "Tømrer" in svar.content.decode()
    assert side("test-kontrakter") in client.get(INDEX).content.decode()


def test_manglende_figurmodul_tåles(monkeypatch):
    monkeypatch.setattr(register, "MODULER", (*register.MODULER, "rapporter.statistikk.tall_finnes_ikke"))
    register.last_inn()
    assert register.finn("sokere-per-program") is not None


# --- scoping -----------------------------------------------------------------------------------------------
def test_sokere_per_program_per_omfang(brukere, inntaksdata, kodeverk):
    st, el = "Studiespesialisering", "Elektro og datateknologi"
    assert rader(beregn(brukere["A"][Rolle.INNTAK], "sokere-per-program")) == {
        (st, "2024-2025", 2),
        (st, "2025-2026", 3),
        (el, "2025-2026", 1),
    }
    assert rader(beregn(brukere["B"][Rolle.LESE], "sokere-per-program")) == {(st, "2025-2026", 4)}
    sysadmin = brukere["A"][Rolle.SYSADMIN]
    assert (st, "2025-2026", 7) in rader(beregn(sysadmin, "sokere-per-program"))  # national view
    assert rader(beregn(sysadmin, "sokere-per-program", fylke=str(kodeverk["B"].pk))) == {
        (st, "2025-2026", 4)
    }
    # The school user sees only applicants whose first wish is at the own school.
    assert rader(beregn(brukere["A"][Rolle.SKOLE], "sokere-per-program")) == {
        (st, "2024-2025", 2),
        (st, "2025-2026", 3),
    }
    # Filters: school year, school and programme.
    a = brukere["A"][Rolle.INNTAK]
    assert rader(beregn(a, "sokere-per-program", skolear="2024-2025")) == {(st, "2024-2025", 2)}
    assert rader(beregn(a, "sokere-per-program", skole=str(kodeverk["skole_a2"].pk))) == {
        (el, "2025-2026", 1)
    }
    assert rader(beregn(a, "sokere-per-program", utdanningsprogram="EL")) == {(el, "2025-2026", 1)}


def test_fylke_b_ser_aldri_fylke_a(client, brukere, inntaksdata, kodeverk):
    b = brukere["B"][Rolle.INNTAK]
    # A county user cannot choose another county or a school in it: the values are ignored, the scope holds.
    lurt = beregn(b, "sokere-per-program", fylke=str(kodeverk["A"].pk), skole=str(kodeverk["skole_a"].pk))
    assert rader(lurt) == {("Studiespesialisering", "2025-2026", 4)}
    assert all("Charlottenlund" not in r[0] for r in beregn(b, "poenggrenser").rader)
    client.force_login(b)
    for kode in ("sokere-per-program", "inntaksresultat-per-runde", "poenggrenser"):
        tekst = client.get(side(kode), {"skole": kodeverk["skole_a"].pk}).content.decode()
        assert "Charlottenlund" not in tekst and "Byåsen" not in tekst
        assert "Alle fylker" not in tekst  # only the system administrator gets the county choice


def test_skolebruker_har_fast_skole(client, brukere, inntaksdata, kodeverk):
    client.force_login(brukere["A"][Rolle.SKOLE])
    tekst = client.get(side("sokere-per-program"), {"skole": kodeverk["skole_a2"].pk}).content.decode()
    assert 'name="skole"' not in tekst and "Charlottenlund vgs" in tekst
    assert "Elektro og datateknologi</th>" not in tekst


def test_inntaksresultat_per_runde(brukere, inntaksdata, kodeverk):
    a = brukere["A"][Rolle.INNTAK]
    t = beregn(a, "inntaksresultat-per-runde")
    assert t.diagram == "stablet"
    # The county: the run's stored summary; the simulation is not counted. (ønske 1, 2, 3+, fast utenfor, uten
    # plass; the other published runs of the fixture have no tildelinger.)
    assert t.rader == [
        ("2024-2025 Vg1 runde 1", 0, 0, 0, 0, 0),
        ("2025-2026 Vg1 runde 1", 2, 1, 0, 0, 1),
        ("2025-2026 Vg1 runde 2", 0, 0, 0, 0, 0),
    ]
    # The national view sums the counties' runs per year, level and round.
    nasjonal = beregn(brukere["A"][Rolle.SYSADMIN], "inntaksresultat-per-runde").rader
    assert ("2025-2026 Vg1 runde 1", 6, 1, 0, 0, 1) in nasjonal
    # The school user: placed at the school, unplaced by the first wish (skole_a).
    assert beregn(brukere["A"][Rolle.SKOLE], "inntaksresultat-per-runde").rader == [
        ("2025-2026 Vg1 runde 1", 1, 0, 0, 0, 1)
    ]
    assert beregn(a, "inntaksresultat-per-runde", utdanningsprogram="EL").rader == [
        ("2025-2026 Vg1 runde 1", 1, 1, 0, 0, 0)
    ]
    assert beregn(brukere["B"][Rolle.INNTAK], "inntaksresultat-per-runde").rader == [
        ("2025-2026 Vg1 runde 1", 4, 0, 0, 0, 0)
    ]
    assert beregn(a, "inntaksresultat-per-runde", skolear="2024-2025").rader == [
        ("2024-2025 Vg1 runde 1", 0, 0, 0, 0, 0)
    ]
    # Per school from the tildelinger gives the same numbers as the stored summary for all of the county's schools.
    per_skole = [
        beregn(a, "inntaksresultat-per-runde", skole=str(k.pk)).rader
        for k in (kodeverk["skole_a"], kodeverk["skole_a2"])
    ]
    assert [sum(x) for x in zip(*(r[0][1:] for r in per_skole), strict=True)] == [2, 1, 0, 0, 1]


def test_poenggrenser_laveste_per_ar(brukere, inntaksdata, kodeverk):
    navn = "Charlottenlund vgs – Studiespesialisering"
    t = beregn(brukere["A"][Rolle.INNTAK], "poenggrenser")
    assert rader(t) == {(navn, "2024-2025", Decimal("40.50")), (navn, "2025-2026", Decimal("41.00"))}
    sysadmin = brukere["A"][Rolle.SYSADMIN]
    assert len(beregn(sysadmin, "poenggrenser").rader) == 3
    assert beregn(sysadmin, "poenggrenser", skole=str(kodeverk["skole_b"].pk)).rader == [
        ("Oslo katedralskole – Studiespesialisering", "2025-2026", Decimal("50.00"))
    ]


# --- the page: chart, table, downloads ------------------------------------------------------------------------
def test_side_har_diagram_og_tilgjengelig_tabell(client, brukere, inntaksdata):
    client.force_login(brukere["A"][Rolle.INNTAK])
    tekst = client.get(side("sokere-per-program")).content.decode()
    assert 'role="img"' in tekst and 'aria-labelledby="d-sokere-per-program-tittel' in tekst
    assert "<title id=" in tekst and "<desc id=" in tekst
    assert "<caption>Søkere per utdanningsprogram og førsteønske" in tekst
    assert '<th scope="row">Studiespesialisering</th>' in tekst
    assert 'href="#tabell-tittel"' in tekst  # «Vis som tabell»
    assert "format=csv" in tekst and "format=xlsx" in tekst
    assert "css/statistikk.css" in tekst


def test_nasjonal_visning_for_systemadministrator(client, brukere, inntaksdata, kodeverk):
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    tekst = client.get(side("sokere-per-program")).content.decode()
    assert "Alle fylker (nasjonal visning)" in tekst
    assert '<td class="tall">7</td>' in tekst
    tekst = client.get(side("sokere-per-program"), {"fylke": kodeverk["B"].pk}).content.decode()
    assert '<td class="tall">4</td>' in tekst and '<td class="tall">7</td>' not in tekst


def test_csv_nedlasting_er_revidert(client, brukere, inntaksdata):
    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(side("poenggrenser"), {"format": "csv"})
    assert svar.status_code == 200 and svar["Content-Type"].startswith("text/csv")
    data = svar.content
    assert data.startswith(b"\xef\xbb\xbf")
    linjer = data.decode("utf-8-sig").split("\r\n")
    assert linjer[0] == "Tilbud;Skoleår;Poenggrense"
    assert "Charlottenlund vgs – Studiespesialisering;2024-2025;40,50" in linjer
    logg = Innsyn.objects.get(handling="eksport")
    assert logg.antall == 0 and "Poenggrenser" in logg.hva and logg.bruker == brukere["A"][Rolle.INNTAK]


def test_xlsx_nedlasting(client, brukere, inntaksdata):
    from openpyxl import load_workbook

    client.force_login(brukere["A"][Rolle.INNTAK])
    svar = client.get(side("inntaksresultat-per-runde"), {"format": "xlsx"})
    assert svar.status_code == 200 and "spreadsheetml" in svar["Content-Type"]
    ark = load_workbook(io.BytesIO(svar.content)).active
    verdier = list(ark.values)
    assert verdier[0][0] == "Runde" and ("2025-2026 Vg1 runde 1", 2, 1, 0, 0, 1) in verdier[1:]
    assert Innsyn.objects.filter(handling="eksport", antall=0).count() == 1


def test_skolebruker_nedlasting_bare_egen_skole(client, brukere, inntaksdata):
    client.force_login(brukere["A"][Rolle.SKOLE])
    tekst = client.get(side("sokere-per-program"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "Elektro" not in tekst and "Studiespesialisering;2025-2026;3" in tekst


# --- the chart itself ----------------------------------------------------------------------------------------
def test_tallformat():
    assert diagram.tall_tekst(1234567) == "1\u00a0234\u00a0567"
    assert diagram.tall_tekst(Decimal("41.50")) == "41,50"
    assert diagram.tall_tekst(Decimal("40")) == "40"
    assert diagram.tall_tekst(None) == "–"


def _kontrast(farge: str) -> float:
    def kanal(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(farge[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * kanal(r) + 0.7152 * kanal(g) + 0.0722 * kanal(b)
    return 1.05 / (lum + 0.05)


def test_fargene_har_kontrast_mot_hvitt_og_er_ulike():
    assert all(_kontrast(f) >= 3 for f in diagram.FARGER)
    assert len(set(diagram.FARGER)) == len(diagram.FARGER)


@pytest.mark.parametrize("typ", ["stolper", "stablet", "linje"])
def test_svg_har_tittel_forklaring_og_akser(typ):
    t = Tabell(kolonner=("Program", "2024", "2025"), rader=[("Bygg <og> anlegg", 1200, 1300), ("Helse", 5, None)],
               diagram=typ, enhet="søkere")  # fmt: skip
    svg, merknad = diagram.tegn(t, "Søkere & år", prefiks="x")
    assert svg.startswith('<svg role="img" aria-labelledby="x-tittel x-beskrivelse"')
    assert '<title id="x-tittel">Søkere &amp; år</title>' in svg
    assert "Bygg &lt;og&gt; anlegg" in svg and "<og>" not in svg  # escaped
    assert "1\u00a0200" in svg  # Norwegian numbers in the description
    assert ">2024</text>" in svg and ">2025</text>" in svg  # the legend
    assert merknad == ""


def test_mange_serier_gir_merknad_og_tabell_snus():
    t = Tabell(kolonner=("Tilbud", "År", "Poeng"), rader=[(f"Tilbud {i}", "2025-2026", i) for i in range(12)],
               diagram="linje", kategori_kolonne=1, serie_fra_kolonne=0, verdi_kolonne=2)  # fmt: skip
    _, merknad = diagram.tegn(t, "Poeng")
    assert "8 første av 12" in merknad
    hode, rader_ = diagram.tabell_for_visning(t)
    assert hode == ["Tilbud", "2025-2026"] and len(rader_) == 12  # the 12 tilbud run down the rows


def test_tomt_resultat_gir_melding(client, brukere, kodeverk):
    client.force_login(brukere["A"][Rolle.INNTAK])
    tekst = client.get(side("poenggrenser")).content.decode()
    assert "Ingen tall for valget." in tekst and "Ingen treff." in tekst


def test_alle_registrerte_figurer_vises_og_lastes_ned(client, brukere, inntaksdata):
    """Every registered figure (also elev and fagopplæring) renders with its chart and table, and downloads."""
    client.force_login(brukere["A"][Rolle.SYSADMIN])
    register.last_inn()
    for tall in figur.alle():
        svar = client.get(side(tall.kode))
        assert svar.status_code == 200, tall.kode
        assert 'role="img"' in svar.content.decode(), tall.kode
        for format in ("csv", "xlsx"):
            assert client.get(side(tall.kode), {"format": format}).status_code == 200, (tall.kode, format)


def test_csv_verdier():
    from rapporter.statistikk.eksport import csv_bytes

    t = Tabell(
        kolonner=("Navn", "Andel", "Antall"), rader=[("=SUM(A1)", Decimal("12.5"), 3), ("Helse", None, -1)]
    )
    linjer = csv_bytes(t).decode("utf-8-sig").split("\r\n")
    assert linjer[1:3] == ["'=SUM(A1);12,5;3", "Helse;;-1"]
