"""Writes of the intake area. One function per state change; each writes its rows and a saksbehandlingslogg row
in one transaction. Views, jobs, the REST API and the intake-run engine call these, never the ORM directly."""

from inntak.services.karakterer import (
    KarakterFeil,
    erstatt_grunnskolekarakterer,
    erstatt_karakterer,
    importer_karakterer,
    valider_karakterer,
)
from inntak.services.klasseordning import kopier_klasseordning, opprett_tilbud
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
from inntak.services.vedtak import legg_til_vedtaksdokument, registrer_vedtak

__all__ = [
    "KarakterFeil",
    "endre_soknad",
    "endre_status",
    "erstatt_grunnskolekarakterer",
    "erstatt_karakterer",
    "fjern_onske",
    "flytt_onske",
    "importer_karakterer",
    "kopier_klasseordning",
    "legg_til_onske",
    "legg_til_vedtaksdokument",
    "logg",
    "opprett_tilbud",
    "registrer_soknad",
    "registrer_vedtak",
    "sett_onsker",
    "valider_karakterer",
]
