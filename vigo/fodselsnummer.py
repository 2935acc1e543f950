"""Fødselsnummer and D-nummer validation (python-stdnum), plus Test Norge synthetic numbers.

Why the synthetic variant: Skatteetaten's Test Norge issues synthetic numbers with month + 80, which never belong to
a real person. python-stdnum rejects them, so demo and test data would otherwise have to use numbers that may
identify real people. They are accepted only where settings.TILLAT_SYNTETISKE_FNR is on.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as SE,
)
from stdnum.no import fodselsnummer as fnr


def _er_syntetisk(nummer: str) -> bool:
    return len(nummer) == 11 and nummer.isdigit() and 81 <= int(nummer[2:4]) <= 92


def _syntetisk_gyldig(nummer: str) -> bool:
    k1 = fnr.calc_check_digit1(nummer[:9])
    k2 = fnr.calc_check_digit2(nummer[:10])
    if nummer[9:] != k1 + k2:
        return False
    try:
        fodselsdato_fra_nummer(nummer)
    except ValueError:
        return False
    return True


def feilmelding(nummer: str) -> str | None:
    """Return a Norwegian error message, or None when the number is valid."""
    nummer = (nummer or "").replace(" ", "")
    if getattr(settings, "TILLAT_SYNTETISKE_FNR", False) and _er_syntetisk(nummer):
        return None if _syntetisk_gyldig(nummer) else _("Fødselsnummeret har feil kontrollsiffer.")
    try:
        fnr.validate(nummer)
    except InvalidLength:
        return _("Fødselsnummer må ha 11 siffer.")
    except InvalidFormat:
        return _("Fødselsnummer kan bare inneholde siffer.")
    except InvalidChecksum:
        return _("Fødselsnummeret har feil kontrollsiffer.")
    except InvalidComponent:
        return _("Fødselsnummeret inneholder ikke en gyldig fødselsdato.")
    except SE:
        return _("Ugyldig fødselsnummer.")
    return None


def valider_fodselsnummer(nummer: str) -> None:
    melding = feilmelding(nummer)
    if melding:
        raise ValidationError(melding, code="ugyldig_fodselsnummer")


def fodselsdato_fra_nummer(nummer: str) -> datetime.date:
    """Birth date; handles D-nummer (day + 40), H-nummer (month + 40) and synthetic (month + 80)."""
    nummer = nummer.replace(" ", "")
    dag, maned, ar = int(nummer[0:2]), int(nummer[2:4]), int(nummer[4:6])
    individ = int(nummer[6:9])
    if dag > 40:
        dag -= 40
    if maned > 80:
        maned -= 80
    elif maned > 40:
        maned -= 40
    if individ < 500:
        ar += 1900
    elif individ < 750 and ar >= 54:
        ar += 1800
    elif ar < 40:
        ar += 2000
    elif individ >= 900:
        ar += 1900
    else:
        raise ValueError("ugyldig individnummer")
    return datetime.date(ar, maned, dag)


def er_d_nummer(nummer: str) -> bool:
    return int(nummer[0]) >= 4


def lag_syntetisk(fodselsdato: datetime.date, individ: int) -> str | None:
    """A Test Norge synthetic number (month + 80) for the date, or None if the check digits do not work out."""
    ar = fodselsdato.year % 100
    base = f"{fodselsdato.day:02d}{fodselsdato.month + 80:02d}{ar:02d}{individ:03d}"
    k1 = fnr.calc_check_digit1(base)
    if len(k1) != 1:
        return None
    k2 = fnr.calc_check_digit2(base + k1)
    if len(k2) != 1:
        return None
    return base + k1 + k2
