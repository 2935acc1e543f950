from vigo.models.api import ApiKall, ApiKlient, ApiNokkel, Idempotens, Scope
from vigo.models.brukere import Bruker, Rolle
from vigo.models.dokumentmal import Dokumentmal, Dokumentmalhendelse
from vigo.models.drift import Livstegn
from vigo.models.kjoringer import Kjoring, KjoringFil, KjoringLogg, KjoringStatus
from vigo.models.parametere import Systemparameter
from vigo.models.personer import Foresatt, Person, UkjentNavn
from vigo.models.revisjon import Innsyn

__all__ = [
    "ApiKall",
    "ApiKlient",
    "ApiNokkel",
    "Idempotens",
    "Scope",
    "UkjentNavn",
    "Bruker",
    "Dokumentmal",
    "Dokumentmalhendelse",
    "Rolle",
    "Person",
    "Foresatt",
    "Innsyn",
    "Kjoring",
    "KjoringFil",
    "KjoringLogg",
    "KjoringStatus",
    "Livstegn",
    "Systemparameter",
]
