"""The core's own parameters (area «Felles»): the letterhead every letter from the county carries."""

from __future__ import annotations

from vigo.parametere import Parameter, Type, registrer


def _avsender_navn(fylke, skolear_kode: str) -> str:
    return f"{fylke.navn} fylkeskommune"


FELLES = (
    Parameter(
        "felles.avsender_navn",
        "Avsender i brevhodet",
        Type.TEKST,
        standard=_avsender_navn,
        omrade="felles",
        maks_lengde=200,
        hjelp="Navnet øverst i brev fra fylket, f.eks. «Trøndelag fylkeskommune».",
    ),
    Parameter(
        "felles.avsender_adresse",
        "Avsenderadresse i brevhodet",
        Type.LANGTEKST,
        standard="Inntakskontoret",
        omrade="felles",
        maks_lengde=500,
        hjelp="Avdeling, postadresse og postnummer, én linje per rad.",
    ),
)


def registrer_felles() -> None:
    registrer(*FELLES)
