"""Vedtak in fortrinn and individuell cases: a fixed place (or rejection) with reason and documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from inntak.hjemler import behandlingshjemmel
from inntak.models import Soknad, Tilbud, Vedtak, VedtakDokument
from inntak.services.soknad import logg

MAKS_DOKUMENT_BYTES = 20 * 1024 * 1024


def _sjekk_fast_plass(soknad: Soknad, tilbud: Tilbud) -> list[str]:
    feil = []
    if tilbud.skolear_id != soknad.skolear_id:
        feil.append(_("Fast plass må være et tilbud i skoleåret %(ar)s.") % {"ar": soknad.skolear.kode})
    if tilbud.programomrade.niva != soknad.niva:
        feil.append(_("Fast plass må være et tilbud på %(niva)s.") % {"niva": soknad.get_niva_display()})
    if tilbud.fylke_id != soknad.fylke_id and not tilbud.landslinje:
        feil.append(_("Fast plass må være et tilbud i %(fylke)s.") % {"fylke": soknad.fylke.navn})
    return feil


@transaction.atomic
def registrer_vedtak(
    soknad: Soknad,
    *,
    begrunnelse: str,
    fast_plass: Tilbud | None = None,
    utfall: str = Vedtak.Utfall.INNVILGET,
    dokumenter: Iterable[File] = (),
    bruker=None,
) -> Vedtak:
    """Record (or change) the vedtak of a fortrinn/individuell søknad.

    ``utfall="innvilget"`` needs ``fast_plass``: the tilbud the applicant is placed on before the ordinary intake
    (§ 6-14; the engine's ``fast_plass``). ``"avslatt"`` sends the applicant to the ordinary intake.
    """
    soknad = (
        Soknad.objects.select_for_update()
        .select_related("behandlingskategori", "fylke", "skolear")
        .get(pk=soknad.pk)
    )
    feil = []
    if not soknad.trenger_vedtak:
        feil.append(
            _("Søknaden har behandlingskategori %(kode)s (ordinær) og skal ikke ha vedtak.")
            % {"kode": soknad.behandlingskategori.kode}
        )
    if not (begrunnelse or "").strip():
        feil.append(_("Vedtaket må ha en begrunnelse."))
    if utfall == Vedtak.Utfall.INNVILGET:
        if fast_plass is None:
            feil.append(_("Et innvilget vedtak må ha et tilbud som fast plass."))
        else:
            feil += _sjekk_fast_plass(soknad, fast_plass)
    elif utfall == Vedtak.Utfall.AVSLATT:
        fast_plass = None
    else:
        feil.append(_("Ukjent utfall «%(u)s».") % {"u": utfall})
    if feil:
        raise ValidationError(feil)
    vedtak, ny = Vedtak.objects.update_or_create(
        soknad=soknad,
        defaults={
            "utfall": utfall,
            "fast_plass": fast_plass,
            "begrunnelse": begrunnelse.strip(),
            "hjemmel": behandlingshjemmel(soknad.behandlingskategori, soknad.skolear),
            "fattet_av": bruker if getattr(bruker, "is_authenticated", False) else None,
        },
    )
    for fil in dokumenter:
        _lagre_dokument(vedtak, fil, bruker)
    if utfall == Vedtak.Utfall.INNVILGET:
        tekst = _("Vedtak %(hva)s: fast plass på %(t)s (%(hjemmel)s).") % {
            "hva": _("fattet") if ny else _("endret"),
            "t": fast_plass,
            "hjemmel": vedtak.hjemmel,
        }
    else:
        tekst = _("Vedtak %(hva)s: avslått, søkeren går til ordinært inntak (%(hjemmel)s).") % {
            "hva": _("fattet") if ny else _("endret"),
            "hjemmel": vedtak.hjemmel,
        }
    logg(soknad, "vedtak", tekst, bruker)
    return vedtak


def _lagre_dokument(vedtak: Vedtak, fil: File, bruker) -> VedtakDokument:
    if fil.size and fil.size > MAKS_DOKUMENT_BYTES:
        raise ValidationError(_("Dokumentet «%(navn)s» er større enn 20 MB.") % {"navn": fil.name})
    navn = (fil.name or "dokument").rsplit("/", 1)[-1][:200]
    dok = VedtakDokument(
        vedtak=vedtak, navn=navn, lastet_opp_av=bruker if getattr(bruker, "is_authenticated", False) else None
    )
    dok.fil.save(navn, fil, save=False)
    dok.save()
    return dok
