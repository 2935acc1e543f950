from fagopplaering.models.bedrift import Bedrift, Bedriftstype, Godkjenning, Medlemskap, Opplaeringsansvarlig
from fagopplaering.models.dokument import Brevtype, Fagdokument, Laerefag, Vgdokteller
from fagopplaering.models.formidling import Formidling, Formidlingstilbud, Intensjonsavtale
from fagopplaering.models.hendelse import Hendelse, Hendelsestype
from fagopplaering.models.koder import Avslutningskode, HevetAv, Kandidattype, Kontraktstype
from fagopplaering.models.kontrakt import Avbrudd, Kontrakt, Kontraktendring, Opplaeringsmodell
from fagopplaering.models.prove import (
    Klage,
    Nemndlan,
    Nemndmedlem,
    Nemndrolle,
    Oppmelder,
    Prove,
    Provenemnd,
    Provetype,
    Representerer,
    Resultat,
)  # fmt: skip
from fagopplaering.models.tilskudd import Ordning, Tilskuddsberegning, Tilskuddslinje, Tilskuddsutbetaling

__all__ = [
    "Brevtype", "Fagdokument", "Klage", "Laerefag", "Nemndlan", "Nemndmedlem", "Nemndrolle", "Oppmelder", "Prove",
    "Provenemnd", "Provetype", "Representerer", "Resultat", "Vgdokteller",
    "Avbrudd", "Avslutningskode", "Bedrift", "Bedriftstype", "Formidling", "Formidlingstilbud", "Godkjenning",
    "Hendelse", "Hendelsestype", "HevetAv", "Intensjonsavtale", "Kandidattype", "Kontrakt", "Kontraktendring",
    "Kontraktstype", "Medlemskap", "Opplaeringsansvarlig", "Opplaeringsmodell", "Ordning", "Tilskuddsberegning",
    "Tilskuddslinje", "Tilskuddsutbetaling",
]  # fmt: skip
