"""The contract as a PDF for signing (docs/fagopplaering/kontrakt.md «Kontrakt for signering»).

Rendered with WeasyPrint like the offer letters (``inntak.kjoring.brev``), with the same county letterhead: the
sender name and address from the system parameters ``felles.avsender_navn``/``felles.avsender_adresse`` and the logo
of the county's active Brevmal. The body follows the sections of Udir's standard contract form (docs/fagopplaering/domene.md
§3.1): the parties, lærefag, læretid, opplæringsmodell, faglig leder, conditions and the signatures.
Callers go through ``fagopplaering.services.kontrakt.skriv_ut_pdf`` (permission, audit, timeline).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from fagopplaering.models import Kontrakt
from fagopplaering.services.kontrakt import beregn_laeretid
from kodeverk.skolear import skolear_for_dato
from vigo.parametere.selectors import parameter


def brevhode(fylke, dato) -> dict[str, str]:
    """The county's letterhead for the school year of ``dato`` (the same parameters every letter uses)."""
    ar = skolear_for_dato(dato).kode
    return {"navn": parameter(fylke, ar, "felles.avsender_navn"),
            "adresse": parameter(fylke, ar, "felles.avsender_adresse")}  # fmt: skip


def logo(fylke) -> str:
    """The logo of the county's active letter template as a data URI, or ""."""
    from inntak.kjoring.brev import _logo, aktiv_brevmal

    return _logo(aktiv_brevmal(fylke))


def lag_html(kontrakt: Kontrakt) -> str:
    k = Kontrakt.objects.select_related(
        "fylke",
        "person",
        "hjemfylke",
        "kontraktstype",
        "programomrade",
        "bedrift",
        "medlemsbedrift",
        "faglig_leder",
        "godkjenning",
    ).get(pk=kontrakt.pk)  # fmt: skip
    dato = timezone.localdate()
    res = beregn_laeretid(k)
    return render_to_string(
        "fagopplaering/pdf/kontrakt.html",
        {
            "k": k,
            "hode": brevhode(k.fylke, dato),
            "logo": logo(k.fylke),
            "dato": dato,
            "laeretid": res,
            "er_kontor": k.bedrift.type == "opplaeringskontor",
            "er_laerling": k.kontraktstype.kandidattype == "laerling",
        },
    )


def lag_pdf(kontrakt: Kontrakt) -> bytes:
    from inntak.kjoring.brev import _pdf_dokument

    return _pdf_dokument(lag_html(kontrakt)).write_pdf()
