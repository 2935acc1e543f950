"""Intensjonsavtaler/forhåndsavtaler: one by one, and «masseregistrering» from a file – all or nothing, every bad
row named by line number; UTF-8 and Latin-1; the upload page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fagopplaering.models import Hendelse, Hendelsestype, Intensjonsavtale
from fagopplaering.services.intensjonsavtaler import importer_intensjonsavtaler, registrer_intensjonsavtale
from kodeverk import models as km
from tests.fabrikker import PersonFactory
from tests.fagopplaering.fabrikker import lag_godkjenning
from tests.fagopplaering.test_formidling import bedrift as lag_bedrift
from tests.fagopplaering.test_formidling import orgnr as lag_orgnr
from vigo.models import Innsyn, Rolle

pytestmark = pytest.mark.django_db
HODE = "orgnr;lærefag;antall_lærlinger;antall_lærekandidater;type;fødselsnummer;startdato"


@pytest.fixture
def data(fag, brukere):
    kommune = km.Kommune.objects.get(nummer="5001")
    bedrifter = []
    for n in range(50):
        b = lag_bedrift(f"Lærebedrift {n:02d} AS", kommune=kommune)
        lag_godkjenning(b, fag["A"], fag["elektriker"] if n % 2 else fag["barne"])
        bedrifter.append(b)
    uten = lag_bedrift("Ikke godkjent AS", kommune=kommune)
    return {**fag, "bedrifter": bedrifter, "uten": uten, "ar": fag["skolear"][2026],
            "bruker": brukere["A"][Rolle.FAGOPPLAERING], "brukere": brukere}  # fmt: skip


def fil_50(data) -> str:
    linjer = [HODE]
    for n, b in enumerate(data["bedrifter"]):
        fag = "ELELE3----" if n % 2 else "HSBUA3----"
        linjer.append(f"{b.orgnr};{fag};{n % 3 + 1};{n % 2};intensjon;;")
    return "\n".join(linjer) + "\n"


def importer(data, tekst, bruker=None, koding="utf-8"):
    return importer_intensjonsavtaler(bruker or data["bruker"], fylke_id=data["A"].pk, skolear=data["ar"],
                                      fil=tekst.encode(koding), filnavn="avtaler.csv")  # fmt: skip


def test_femti_avtaler_fra_fil(data):
    assert importer(data, fil_50(data)) == 50
    assert Intensjonsavtale.objects.filter(kilde="fil", filnavn="avtaler.csv").count() == 50
    h = Hendelse.objects.get(type=Hendelsestype.INTENSJONSAVTALER_FIL)
    assert "50 avtaler" in h.tekst and h.data["antall"] == 50


def test_en_feil_rad_registrerer_ingenting_og_navngis(data):
    linjer = fil_50(data).splitlines()
    linjer[7] = "123;ELELE3----;1;0;intensjon;;"  # line 8 in the file
    with pytest.raises(ValidationError) as feil:
        importer(data, "\n".join(linjer))
    meldinger = feil.value.messages
    assert "Linje 8: organisasjonsnummer 123 er ikke gyldig." in meldinger
    assert meldinger[0].startswith("Ingen avtaler er registrert: 1 linje har feil")
    assert Intensjonsavtale.objects.count() == 0


def test_alle_feil_navngis(data):
    ukjent = lag_orgnr()
    b = data["bedrifter"][1]  # approved for elektriker
    person = PersonFactory(fylke=data["A"])
    tekst = "\n".join([
        HODE,
        f"{ukjent};ELELE3----;1;0;intensjon;;",  # 2: not in the register
        f"{data['uten'].orgnr};ELELE3----;1;0;;;",  # 3: not approved
        f"{b.orgnr};XXXXX3----;1;0;intensjon;;",  # 4: unknown lærefag
        f"{b.orgnr};ELELE3----;x;0;intensjon;;",  # 5: not a number
        f"{b.orgnr};ELELE3----;0;0;intensjon;;",  # 6: nothing
        f"{b.orgnr};ELELE3----;1;0;ukjent;;",  # 7: unknown type
        f"{b.orgnr};ELELE3----;1;0;forhånd;;",  # 8: forhånd without fødselsnummer
        f"{b.orgnr};ELELE3----;1;0;intensjon;{person.fodselsnummer};",  # 9: intensjon with a person
        f"{b.orgnr};ELELE3----;1;0;forhånd;12345678901;",  # 10: invalid fnr
        f"{b.orgnr};ELELE3----;1;0;forhånd;{person.fodselsnummer};32.13.2026",  # 11: bad date
        f"{b.orgnr};STUSP1----;1;0;intensjon;;",  # 12: not a lærefag
    ])  # fmt: skip
    with pytest.raises(ValidationError) as feil:
        importer(data, tekst)
    tekst_feil = "\n".join(feil.value.messages)
    for linje in range(2, 13):
        assert f"Linje {linje}:" in tekst_feil, linje
    assert f"organisasjonsnummer {ukjent} finnes ikke" in tekst_feil
    assert "Ikke godkjent AS" in tekst_feil and "ikke godkjent for Elektrikerfaget" in tekst_feil
    assert person.fodselsnummer not in tekst_feil and "12345678901" not in tekst_feil
    assert Intensjonsavtale.objects.count() == 0


def test_forhandsavtale_latin1_og_valgfrie_kolonner(data):
    person = PersonFactory(fylke=data["A"])
    b = data["bedrifter"][1]
    tekst = f"{HODE}\n{b.orgnr};ELELE3----;;;forhånd;{person.fodselsnummer};15.08.2026\n"
    assert importer(data, tekst, koding="latin-1") == 1
    a = Intensjonsavtale.objects.get()
    assert (
        a.type == "forhand"
        and a.person == person
        and a.antall_laerlinger == 1
        and str(a.startdato) == "2026-08-15"
    )
    kort = "orgnr;laerefag;antall_laerlinger;antall_laerekandidater;type\n" + f"{b.orgnr};ELELE3;2;0;\n"
    assert importer(data, kort) == 1


def test_overskrift_og_tom_fil(data):
    with pytest.raises(ValidationError, match="Linje 1: overskriften mangler"):
        importer(data, "orgnr;lærefag\n1;2\n")
    with pytest.raises(ValidationError, match="ingen rader"):
        importer(data, HODE + "\n\n")
    with pytest.raises(ValidationError, match="tom"):
        importer(data, "")


def test_dobbel_rad_navngis(data):
    b = data["bedrifter"][1]
    tekst = f"{HODE}\n{b.orgnr};ELELE3----;1;0;;;\n{b.orgnr};ELELE3----;2;0;;;\n"
    with pytest.raises(ValidationError, match="Linje 3: samme bedrift, lærefag og type som linje 2"):
        importer(data, tekst)


def test_tilgang(data):
    with pytest.raises(PermissionDenied):
        importer(data, fil_50(data), bruker=data["brukere"]["A"][Rolle.INNTAK])
    with pytest.raises(PermissionDenied):
        importer(data, fil_50(data), bruker=data["brukere"]["B"][Rolle.FAGOPPLAERING])
    assert Intensjonsavtale.objects.count() == 0


def test_registrer_en_avtale(data):
    b = data["bedrifter"][1]
    a = registrer_intensjonsavtale(data["bruker"], bedrift=b, fylke_id=data["A"].pk, skolear=data["ar"],
                                   programomrade=data["elektriker"], antall_laerlinger=2)  # fmt: skip
    assert (
        a.kilde == "manuell"
        and Hendelse.objects.filter(type=Hendelsestype.INTENSJONSAVTALE, bedrift=b).exists()
    )
    with pytest.raises(ValidationError, match="ikke godkjent"):
        registrer_intensjonsavtale(data["bruker"], bedrift=data["uten"], fylke_id=data["A"].pk, skolear=data["ar"],
                                   programomrade=data["elektriker"], antall_laerlinger=2)  # fmt: skip
    with pytest.raises(ValidationError, match="minst én"):
        registrer_intensjonsavtale(data["bruker"], bedrift=b, fylke_id=data["A"].pk, skolear=data["ar"],
                                   programomrade=data["elektriker"])  # fmt: skip
    with pytest.raises(ValidationError, match="navngitt"):
        registrer_intensjonsavtale(data["bruker"], bedrift=b, fylke_id=data["A"].pk, skolear=data["ar"],
                                   programomrade=data["elektriker"], type="forhand")  # fmt: skip


# --- Pages ------------------------------------------------------------------------------------------------------


def test_opplasting_viser_feil_og_suksess(client, data):
    client.force_login(data["bruker"])
    url = "/fagopplaering/intensjonsavtaler/import/"
    assert client.get(url).status_code == 200
    linjer = fil_50(data).splitlines()
    linjer[4] = "123;ELELE3----;1;0;intensjon;;"
    svar = client.post(url, {"skolear": data["ar"].kode,
                             "fil": SimpleUploadedFile("feil.csv", "\n".join(linjer).encode())})  # fmt: skip
    html = svar.content.decode()
    assert svar.status_code == 200 and "Linje 5: organisasjonsnummer 123 er ikke gyldig." in html
    assert Intensjonsavtale.objects.count() == 0
    svar = client.post(url, {"skolear": data["ar"].kode, "fil": SimpleUploadedFile("ok.csv", fil_50(data).encode())},
                       follow=True)  # fmt: skip
    assert "50 intensjonsavtaler registrert" in svar.content.decode()
    assert Intensjonsavtale.objects.count() == 50


def test_liste_og_ny(client, data, django_assert_max_num_queries):
    importer(data, fil_50(data))
    client.force_login(data["bruker"])
    with django_assert_max_num_queries(15):
        svar = client.get(f"/fagopplaering/intensjonsavtaler/?skolear={data['ar'].kode}")
    html = svar.content.decode()
    assert svar.status_code == 200 and "Lærebedrift 01 AS" in html and "50 avtaler" in html
    assert client.get("/fagopplaering/intensjonsavtaler/ny/").status_code == 200
    person = PersonFactory(fylke=data["A"])
    b = data["bedrifter"][1]
    svar = client.post("/fagopplaering/intensjonsavtaler/ny/", {
        "skolear": data["ar"].kode, "orgnr": b.orgnr, "programomrade": data["elektriker"].pk, "type": "forhand",
        "antall_laerlinger": 0, "antall_laerekandidater": 0, "fodselsnummer": person.fodselsnummer,
    })  # fmt: skip
    assert svar.status_code == 302
    assert Intensjonsavtale.objects.filter(person=person).exists()
    svar = client.get(f"/fagopplaering/intensjonsavtaler/?skolear={data['ar'].kode}&type=forhand")
    assert person.navn in svar.content.decode()
    assert Innsyn.objects.filter(hva="Forhåndsavtaler", bruker=data["bruker"]).exists()


@pytest.mark.parametrize("hvem", [("A", Rolle.INNTAK), ("A", Rolle.SKOLE)])
def test_sidene_nektes_uten_rettighet(client, data, hvem):
    client.force_login(data["brukere"][hvem[0]][hvem[1]])
    for url in ("/fagopplaering/intensjonsavtaler/", "/fagopplaering/intensjonsavtaler/import/",
                "/fagopplaering/intensjonsavtaler/ny/"):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_fylke_b_ser_ikke_fylke_a(client, data):
    importer(data, fil_50(data))
    client.force_login(data["brukere"]["B"][Rolle.FAGOPPLAERING])
    html = client.get(f"/fagopplaering/intensjonsavtaler/?skolear={data['ar'].kode}").content.decode()
    assert "Lærebedrift 01 AS" not in html and "0 avtaler" in html


def test_eksempelfil_fra_fylkets_godkjenninger(data):
    from fagopplaering.services.intensjonsavtaler import eksempelfil

    feil = eksempelfil(data["A"].pk, data["ar"], feil_linje=7)
    with pytest.raises(ValidationError) as e:
        importer(data, feil)
    assert "Linje 7: organisasjonsnummer 123456785 finnes ikke i bedriftsregisteret." in e.value.messages
    assert Intensjonsavtale.objects.count() == 0
    assert importer(data, eksempelfil(data["A"].pk, data["ar"])) == 50
