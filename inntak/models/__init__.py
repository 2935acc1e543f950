"""Inntak models: klasseordning (Tilbud), søknader with ønsker and vedtak, karakterer and beregnede poeng."""

from inntak.models.brevmal import Brevmal
from inntak.models.dokument import Behandlingsonske, SoknadDokument
from inntak.models.inntakskjoring import (
    GrenseStatus,
    Inntakshendelse,
    Inntakskjoring,
    Kvote,
    Poenggrense,
    Svar,
    SvarType,
    Tildeling,
    Venteliste,
)
from inntak.models.karakter import Fagtype, Karakter, Karakterkilde, Trinn, Vurdering
from inntak.models.poeng import Poeng
from inntak.models.prove import Proveresultat
from inntak.models.soknad import (
    Onske,
    Rettstatus,
    Saksbehandlingslogg,
    Sokergruppe,
    Soknad,
    SoknadStatus,
    Vedtak,
    VedtakDokument,
)
from inntak.models.tilbud import Inntakskrav, Tilbud, TilbudStatus
from inntak.models.voksen import Voksenplass

__all__ = [
    "Behandlingsonske",
    "Brevmal",
    "GrenseStatus",
    "Inntakshendelse",
    "Inntakskjoring",
    "Poenggrense",
    "Svar",
    "SvarType",
    "Tildeling",
    "Venteliste",
    "Fagtype",
    "Inntakskrav",
    "Karakter",
    "Karakterkilde",
    "Kvote",
    "Onske",
    "Poeng",
    "Proveresultat",
    "Rettstatus",
    "Saksbehandlingslogg",
    "Sokergruppe",
    "Soknad",
    "SoknadDokument",
    "SoknadStatus",
    "Tilbud",
    "TilbudStatus",
    "Trinn",
    "Vedtak",
    "VedtakDokument",
    "Voksenplass",
    "Vurdering",
]
