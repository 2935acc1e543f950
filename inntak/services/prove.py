"""Results of inntaksprøve or assessed documented skill (opplæringsforskrifta § 4-6).

The rule and the reading chosen: docs/regler.md, «Kvote etter § 4-6».

One function, one transaction: the results of one tilbud are validated row by row, every rejected row is named,
and nothing is written when one row is wrong. Each changed result writes a saksbehandlingslogg row on its søknad
in the same transaction, and the result's history (simple_history) keeps every earlier value.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.models import Onske, Proveresultat, Saksbehandlingslogg, Tilbud
from vigo.scoping import avgrens

MAKS_RESULTAT = Decimal("100")


def _tall(verdi: object) -> Decimal | None:
    if verdi is None or (isinstance(verdi, str) and not verdi.strip()):
        return None
    try:
        tall = Decimal(str(verdi).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError from None
    if not tall.is_finite() or tall != tall.quantize(Decimal("0.01")):
        raise ValueError
    return tall


@transaction.atomic
def registrer_proveresultater(tilbud: Tilbud, resultater: Mapping[int, object], *, bruker) -> dict[str, int]:
    """Set (or remove, with an empty value) the results of søknader that wish ``tilbud``.

    ``resultater``: søknad id -> "78,5" | Decimal | None. Returns {"registrert", "endret", "fjernet"}. Bad rows raise
    one ``ValidationError`` keyed by søknad id (``message_dict``), and nothing is written.
    """
    if not (bruker is not None and bruker.has_perm("inntak.change_proveresultat")):
        raise PermissionDenied(_("Du har ikke tilgang til å registrere resultater på inntaksprøver."))
    if not avgrens(Tilbud.objects.filter(pk=tilbud.pk), bruker).exists():
        raise PermissionDenied(_("Tilbudet er utenfor ditt fylke eller din skole."))
    if not tilbud.inntakskrav:
        raise ValidationError(
            _(
                "Tilbudet har ikke særskilte inntakskrav, så det har ingen inntaksprøve (opplæringsforskrifta § 4-6)."
            )
        )
    onskende = set(
        Onske.objects.filter(tilbud=tilbud, soknad_id__in=list(resultater)).values_list(
            "soknad_id", flat=True
        )
    )
    # Keyed by søknad id, so a page can show each message beside its row; ``message_dict`` names every bad row.
    feil: dict[str, str] = {}
    nye: dict[int, Decimal | None] = {}
    for sid, verdi in resultater.items():
        try:
            tall = _tall(verdi)
        except ValueError:
            feil[str(sid)] = _("«%(v)s» er ikke et tall med høyst to desimaler.") % {"v": verdi}
            continue
        if tall is not None and not Decimal(0) <= tall <= MAKS_RESULTAT:
            feil[str(sid)] = _("Resultatet må være mellom 0 og 100.")
            continue
        if sid not in onskende:
            feil[str(sid)] = _("Søknaden har ikke ønsket dette tilbudet.")
            continue
        nye[sid] = tall
    if feil:
        raise ValidationError(feil)

    gamle = dict(
        Proveresultat.objects.select_for_update()
        .filter(tilbud=tilbud, soknad_id__in=list(nye))
        .values_list("soknad_id", "poeng")
    )
    tall = {"registrert": 0, "endret": 0, "fjernet": 0}
    ekte = bruker if bruker.is_authenticated else None
    logg_rader: list[Saksbehandlingslogg] = []
    for sid, verdi in nye.items():
        gammel = gamle.get(sid)
        if verdi == gammel:
            continue
        if verdi is None:
            Proveresultat.objects.filter(tilbud=tilbud, soknad_id=sid).delete()
            tekst, noekkel = _("Resultat på inntaksprøve for %(t)s fjernet.") % {"t": tilbud}, "fjernet"
        else:
            Proveresultat.objects.update_or_create(
                soknad_id=sid, tilbud=tilbud, defaults={"poeng": verdi, "registrert_av": ekte}
            )
            noekkel = "registrert" if gammel is None else "endret"
            tekst = _("Resultat på inntaksprøve for %(t)s: %(p)s (§ 4-6).") % {
                "t": tilbud,
                "p": f"{verdi:.2f}".replace(".", ","),
            }
        tall[noekkel] += 1
        logg_rader.append(
            Saksbehandlingslogg(soknad_id=sid, handling="inntaksprove", tekst=tekst, bruker=ekte)
        )
    Saksbehandlingslogg.objects.bulk_create(logg_rader)
    return tall
