import datetime

import pytest
from django.core.exceptions import ValidationError

from kodeverk.models import valider_orgnr
from vigo.fodselsnummer import feilmelding, fodselsdato_fra_nummer, lag_syntetisk, valider_fodselsnummer

# Test vectors from docs/regler/regler-2006.md §7.3 (validated with python-stdnum 2.2).
GYLDIGE = ["15108695088", "01010750160", "11111598403", "23114048690", "30042099941", "22052099424"]


@pytest.mark.parametrize("nr", GYLDIGE)
def test_gyldige_fodselsnumre(nr):
    assert feilmelding(nr) is None


@pytest.mark.parametrize(
    "nr,melding",
    [
        ("15108695077", "kontrollsiffer"),
        ("45014054018", "fødselsdato"),
        ("1234123456", "11 siffer"),
        ("1510869508a", "siffer"),
    ],
)
def test_ugyldige_fodselsnumre_gir_norsk_melding(nr, melding):
    with pytest.raises(ValidationError) as e:
        valider_fodselsnummer(nr)
    assert melding in e.value.messages[0]


def test_d_nummer_og_h_nummer_godtas_med_riktig_fodselsdato():
    assert feilmelding("55108695071") is None
    assert fodselsdato_fra_nummer("55108695071") == datetime.date(1986, 10, 15)
    assert fodselsdato_fra_nummer("15508695060") == datetime.date(1986, 10, 15)


def test_syntetiske_numre_godtas_bare_nar_innstillingen_er_pa(settings):
    nr = lag_syntetisk(datetime.date(2009, 3, 4), 512)
    assert nr is not None and nr[2:4] == "83"
    assert fodselsdato_fra_nummer(nr) == datetime.date(2009, 3, 4)
    settings.TILLAT_SYNTETISKE_FNR = True
    assert feilmelding(nr) is None
    feil = nr[:-1] + str((int(nr[-1]) + 1) % 10)
    assert "kontrollsiffer" in feilmelding(feil)
    settings.TILLAT_SYNTETISKE_FNR = False
    assert feilmelding(nr) is not None


def test_orgnr():
    valider_orgnr("988077917")
    valider_orgnr("974760673")
    with pytest.raises(ValidationError, match="organisasjonsnummer"):
        valider_orgnr("988077918")
