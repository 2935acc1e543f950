"""Contract pages (fagopplaering.views.kontrakt), the PDF and job 5A112."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from fagopplaering.models import Formidling, Hendelse, Hendelsestype, Kontrakt
from fagopplaering.regler.datoer import legg_til_maneder
from fagopplaering.services import kontrakt as tj
from kodeverk.models import Kommune
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import (
    lag_bedrift,
    lag_faglig_leder,
    lag_godkjenning,
    lag_gyldig_orgnr,
    lag_kontrakt,
)
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def o(fag, brukere, client):
    a = fag["A"]
    bedrift = lag_bedrift(
        "Lyn Elektro AS", kommune=Kommune.objects.get(nummer="5001"), orgnr=lag_gyldig_orgnr()
    )
    godkj = lag_godkjenning(bedrift, a, fag["elektriker"])
    lag_faglig_leder(godkj)
    bruker = brukere["A"][Rolle.FAGOPPLAERING]
    client.force_login(bruker)
    return {"fag": fag, "A": a, "bedrift": bedrift, "person": PersonFactory(fylke=a), "bruker": bruker,
            "brukere": brukere, "client": client}  # fmt: skip


def _kontrakt(o, **kw):
    args = dict(fylke_id=o["A"].pk, person=o["person"], kontraktstype="LK", programomrade=o["fag"]["elektriker"],
                bedrift=o["bedrift"], laeretid_fra=D(2025, 8, 15), netto_laeretid_mnd=24)  # fmt: skip
    args.update(kw)
    return tj.opprett_kontrakt(o["bruker"], **args)


def test_liste_med_filtre_teller_og_sporringsbudsjett(o, django_assert_max_num_queries):
    el = o["fag"]["elektriker"]
    for _i in range(30):
        lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el)
    c = o["client"]
    with django_assert_max_num_queries(12):
        r = c.get(reverse("fagopplaering:kontrakter"))
    assert r.status_code == 200
    assert "30 kontrakter" in r.content.decode()
    assert "Lyn Elektro AS" in r.content.decode() and "Elektrikerfaget" in r.content.decode()
    with django_assert_max_num_queries(12):
        r = c.get(reverse("fagopplaering:kontrakter"), {"status": "godkjent", "programomrade": el.kode,
                                                         "lopende_pa": "2026-01-01", "bedrift": o["bedrift"].orgnr})  # fmt: skip
    assert "30 kontrakter" in r.content.decode()
    r = c.get(reverse("fagopplaering:kontrakter"), {"status": "avsluttet"})
    assert "0 kontrakter" in r.content.decode()
    assert Innsyn.objects.filter(hva="Kontraktsøk").exists()


def test_tilgang_til_sidene(o, client):
    k = _kontrakt(o)
    for rolle, fylke, kode in ((Rolle.INNTAK, "A", 403), (Rolle.FAGOPPLAERING, "B", 404)):
        client.force_login(o["brukere"][fylke][rolle])
        assert client.get(reverse("fagopplaering:kontrakt", args=[k.pk])).status_code == kode
        assert (
            client.post(
                reverse("fagopplaering:kontrakt_send", args=[k.pk]), {"send-bekreft": "on"}
            ).status_code
            == kode
        )
    client.force_login(o["brukere"]["A"][Rolle.INNTAK])
    assert client.get(reverse("fagopplaering:kontrakter")).status_code == 403
    assert client.get(reverse("fagopplaering:kontrakt_ny")).status_code == 403
    client.force_login(o["brukere"]["B"][Rolle.FAGOPPLAERING])
    assert "0 kontrakter" in client.get(reverse("fagopplaering:kontrakter")).content.decode()
    k.refresh_from_db()
    assert k.status == "opprettet"


def test_hele_flyten_pa_kontraktsiden(o):
    c = o["client"]
    k = _kontrakt(o)
    url = reverse("fagopplaering:kontrakt", args=[k.pk])
    r = c.get(url)
    s = r.content.decode()
    assert r.status_code == 200 and "14.08.2027" in s and "Slik er læretid til beregnet" in s
    assert Innsyn.objects.filter(hva="Kontrakt", person=o["person"]).exists()
    r = c.post(reverse("fagopplaering:kontrakt_send", args=[k.pk]), {"send-bekreft": "on"})
    assert r.status_code == 302
    # approval in the future: the error is shown on the form, nothing saved
    fram = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    r = c.post(reverse("fagopplaering:kontrakt_godkjenn", args=[k.pk]), {"godkjenn-dato": fram})
    assert r.status_code == 400 and "fram i tid" in r.content.decode()
    r = c.post(reverse("fagopplaering:kontrakt_godkjenn", args=[k.pk]), {"godkjenn-dato": "2025-10-01"})
    assert r.status_code == 302
    k.refresh_from_db()
    assert (k.status, k.godkjent_dato, k.laeretid_fra) == ("godkjent", D(2025, 10, 1), D(2025, 8, 15))
    r = c.post(reverse("fagopplaering:kontrakt_avbrudd", args=[k.pk]),
               {"avbrudd-fra": "2026-03-01", "avbrudd-til": "2026-03-31", "avbrudd-arsak": "sykdom"})  # fmt: skip
    assert r.status_code == 302
    k.refresh_from_db()
    assert k.laeretid_til == D(2027, 9, 14)
    s = c.get(url).content.decode()
    assert "14.08.2027 → 14.09.2027" in s  # the timeline says old → new end
    # a change on an approved contract waits for approval
    r = c.post(reverse("fagopplaering:kontrakt_endre", args=[k.pk]), {
        "endre-laeretid_fra": "2025-08-15", "endre-netto_laeretid_mnd": "30", "endre-godskriving_mnd": "0",
        "endre-bedrift": o["bedrift"].orgnr, "endre-opplaeringsmodell": "2+2", "endre-ungdomsrett": "on",
        "endre-tilskudd": "on", "endre-faglig_leder": k.faglig_leder_id, "endre-begrunnelse": "Forlenget",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    k.refresh_from_db()
    assert k.netto_laeretid_mnd == 24
    e = k.endringer.get()
    assert e.felt == {"netto_laeretid_mnd": 30}
    r = c.post(
        reverse("fagopplaering:kontrakt_endring_behandle", args=[k.pk, e.pk]), {f"e{e.pk}-godkjenn": "ja"}
    )
    assert r.status_code == 302
    k.refresh_from_db()
    assert k.netto_laeretid_mnd == 30
    # ending without C12 is refused on the form; with code it ends
    r = c.post(reverse("fagopplaering:kontrakt_avslutt", args=[k.pk]),
               {"avslutt-dato": "2026-05-01", "avslutt-mate": "hevet", "avslutt-avslutningskode": "FV",
                "avslutt-hevet_av": "B", "avslutt-bekreft": "on"})  # fmt: skip
    assert r.status_code == 400 and "muntlig" in r.content.decode()
    r = c.post(reverse("fagopplaering:kontrakt_avslutt", args=[k.pk]),
               {"avslutt-dato": "2026-05-01", "avslutt-mate": "hevet", "avslutt-avslutningskode": "FV",
                "avslutt-hevet_av": "B", "avslutt-muntlig_hort": "2026-04-20", "avslutt-bekreft": "on"})  # fmt: skip
    assert r.status_code == 302
    k.refresh_from_db()
    assert k.status == "avsluttet" and k.avslutningskode.kode == "FV"
    s = c.get(url).content.decode()
    assert "FV Feilvalg" in s


def test_apent_avbrudd_og_avslutt_avbrudd_pa_siden(o):
    c = o["client"]
    k = _kontrakt(o)
    c.post(reverse("fagopplaering:kontrakt_avbrudd", args=[k.pk]), {"avbrudd-fra": "2026-01-01",
                                                                    "avbrudd-arsak": "permisjon"})  # fmt: skip
    s = c.get(reverse("fagopplaering:kontrakt", args=[k.pk])).content.decode()
    assert "kan ikke beregnes mens avbruddet varer" in s
    a = k.avbrudd.get()
    r = c.post(reverse("fagopplaering:avbrudd_avslutt", args=[a.pk]), {f"a{a.pk}-til": "2026-01-10"})
    assert r.status_code == 302
    k.refresh_from_db()
    assert k.laeretid_til == D(2027, 8, 24)


def test_ny_kontrakt_og_feil(o):
    c = o["client"]
    data = {"fodselsnummer": o["person"].fodselsnummer, "kontraktstype": "LK",
            "programomrade": o["fag"]["elektriker"].kode, "bedrift": o["bedrift"].orgnr, "laeretid_fra": "2019-01-01",
            "netto_laeretid_mnd": "24", "godskriving_mnd": "0", "opplaeringsmodell": "2+2", "ungdomsrett": "on"}  # fmt: skip
    r = c.post(reverse("fagopplaering:kontrakt_ny"), data)
    assert r.status_code == 400 and "ikke godkjent som lærebedrift" in r.content.decode()
    assert not Kontrakt.objects.exists()
    r = c.post(reverse("fagopplaering:kontrakt_ny"), {**data, "bedrift": "999999999"})
    assert "Fant ingen bedrift" in r.content.decode()
    r = c.post(reverse("fagopplaering:kontrakt_ny"), {**data, "laeretid_fra": "2025-08-15"})
    k = Kontrakt.objects.get()
    assert r.status_code == 302 and r.url == reverse("fagopplaering:kontrakt", args=[k.pk])
    assert k.laeretid_til == D(2027, 8, 14)


def test_kontrakt_fra_formidling(o):
    f = Formidling.objects.create(person=o["person"], fylke=o["A"], skolear=o["fag"]["skolear"][2025],
                                  programomrade=o["fag"]["elektriker"], status="akseptert", status_dato=D(2025, 6, 1),
                                  bedrift=o["bedrift"], ungdomsrett=True)  # fmt: skip
    c = o["client"]
    url = reverse("fagopplaering:kontrakt_fra_formidling", args=[f.pk])
    r = c.get(url)
    assert r.status_code == 200 and o["person"].navn in r.content.decode()
    r = c.post(url, {"kontraktstype": "LK", "laeretid_fra": "2025-08-15", "netto_laeretid_mnd": "24",
                     "godskriving_mnd": "0", "opplaeringsmodell": "2+2"})  # fmt: skip
    assert r.status_code == 302
    f.refresh_from_db()
    assert f.status == "kontrakt" and Kontrakt.objects.get().formidling == f
    c.force_login(o["brukere"]["B"][Rolle.FAGOPPLAERING])
    assert c.get(url).status_code == 404


def test_pdf(o):
    k = _kontrakt(o)
    r = o["client"].get(reverse("fagopplaering:kontrakt_pdf", args=[k.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert Hendelse.objects.filter(kontrakt=k, type=Hendelsestype.KONTRAKT_PDF).exists()
    assert Innsyn.objects.filter(handling="nedlasting", person=o["person"]).exists()
    from fagopplaering.services.kontrakt_pdf import lag_html

    html = lag_html(k)
    for tekst in ("Lyn Elektro AS", "Elektrikerfaget", "Læretid fra", "Faglig leder", "Underskrifter",
                  "Trøndelag fylkeskommune", "15.08.2025", "14.08.2027"):  # fmt: skip
        assert tekst in html, tekst


def test_jobb_5a112_kontrakter_som_snart_slutter(o):
    from vigo.jobber.tjenester import start_kjoring, utfor

    idag = timezone.localdate()
    el = o["fag"]["elektriker"]
    snart = lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el,
                         fra=legg_til_maneder(idag, -22), mnd=24)  # fmt: skip
    lag_kontrakt(
        PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, fra=legg_til_maneder(idag, -6), mnd=24
    )
    lag_kontrakt(PersonFactory(fylke=o["A"]), o["A"], o["bedrift"], el, fra=legg_til_maneder(idag, -22), mnd=24,
                 godkjent=False)  # fmt: skip
    kj = start_kjoring("5A112", o["A"], bruker=o["bruker"], parametere={"antall_maneder": 4}, send=False)
    assert utfor(kj.pk) == "ferdig"
    kj.refresh_from_db()
    innhold = kj.filer.get().fil.open("rb").read()
    rader = list(csv.DictReader(io.StringIO(innhold.decode("utf-8-sig")), delimiter=";"))
    assert [int(r["kontrakt_id"]) for r in rader] == [snart.pk]
    assert rader[0]["oppmeldingsfrist"] == legg_til_maneder(snart.laeretid_til, -2).isoformat()
    assert kj.resultat["kontrakter"] == 1


def test_kontraktsiden_har_fast_antall_sporringer(o, django_assert_max_num_queries):
    k = _kontrakt(o)
    tj.send_til_godkjenning(o["bruker"], k)
    tj.godkjenn_kontrakt(o["bruker"], k, dato=D(2025, 10, 1))
    for mnd in range(1, 9):
        tj.registrer_avbrudd(o["bruker"], k, fra=D(2026, mnd, 1), til=D(2026, mnd, 3), arsak="sykdom")
    e = tj.foresla_endring(o["bruker"], k, felt={"arbeidsavtale_ref": "AV-1"}, begrunnelse="Ny avtale")
    tj.behandle_endring(o["bruker"], e, godkjenn=True)
    tj.foresla_endring(o["bruker"], k, felt={"netto_laeretid_mnd": 30}, begrunnelse="Forlengelse")
    with django_assert_max_num_queries(25):
        r = o["client"].get(reverse("fagopplaering:kontrakt", args=[k.pk]))
    s = r.content.decode()
    assert r.status_code == 200 and s.count("Sykdom") >= 8
    i = s.find("Endringer")
    assert "venter på fylkets godkjenning" in s, s[i : i + 3000]
    assert "Netto læretid i måneder (C16): 24 → 30" in s, s[i : i + 3000]
