"""What VIGO keeps of a unit in Enhetsregisteret (framework-free: a plain dataclass)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Enhet:
    """A unit (hovedenhet) as Enhetsregisteret describes it.

    ``kommunenummer`` is the business address's kommune (forretningsadresse), falling back on the postal address's;
    ``slettedato`` is set for a deleted unit; ``konkurs`` is true for a unit that is bankrupt, under avvikling or
    under tvangsavvikling/tvangsoppløsning (none of them can take on new apprentices)."""

    orgnr: str
    navn: str
    organisasjonsform: str = ""
    organisasjonsform_navn: str = ""
    adresse: str = ""
    postnummer: str = ""
    poststed: str = ""
    postadresse: str = ""
    kommunenummer: str = ""
    kommunenavn: str = ""
    naeringskode: str = ""
    naeringsnavn: str = ""
    antall_ansatte: int | None = None
    epost: str = ""
    telefon: str = ""
    hjemmeside: str = ""
    konkurs: bool = False
    under_avvikling: bool = False
    slettedato: datetime.date | None = None

    @property
    def slettet(self) -> bool:
        return self.slettedato is not None

    @property
    def kan_godkjennes(self) -> bool:
        """A deleted or bankrupt unit (or one being wound up) cannot be approved as a lærebedrift."""
        return not (self.slettet or self.konkurs or self.under_avvikling)
