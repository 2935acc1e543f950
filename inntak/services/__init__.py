"""Writes of the intake area. One function per state change; each writes its rows and a saksbehandlingslogg row
in one transaction. Views, jobs, the REST API and the intake-run engine call these, never the ORM directly."""

from inntak.services.karakterer import KarakterFeil, erstatt_mange, importer_karakterer
from inntak.services.klasseordning import endre_tilbud, kopier_klasseordning, opprett_tilbud
from inntak.services.soknad import (
    endre_soknad,
    endre_status,
    fjern_onske,
    flytt_onske,
    legg_til_onske,
    logg,
    registrer_soknad,
    sett_onsker,
)
from inntak.services.vedtak import registrer_vedtak

__all__ = [
    "KarakterFeil",
    "endre_soknad",
    "endre_status",
    "endre_tilbud",
    "erstatt_mange",
    "fjern_onske",
    "flytt_onske",
    "importer_karakterer",
    "kopier_klasseordning",
    "legg_til_onske",
    "logg",
    "opprett_tilbud",
    "registrer_soknad",
    "registrer_vedtak",
    "sett_onsker",
]
