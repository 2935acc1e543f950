"""The NVB export (docs/fagopplaering/nvb.md «Eksportjobben»): every issued vitnemål and kompetansebevis not yet sent
and every annulment of a document that was sent, as one file in the public NVB format, checked by the control
engine first. Only documents without FEIL are written; the refused ones keep their messages on the document (the
control report shows them) and go in a later run once fixed. Documents of persons with a VIGO fiktivt fødselsnummer
are always refused by the control, so they never leave the county.

The file is stored with the run (download audited by the job page) and handed to the transport
(``settings.NVB_TRANSPORT``; the file backend by default, ``fagopplaering.nvb.transport``).
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fagopplaering.models import Fagdokument, Hendelsestype
from fagopplaering.nvb import format as nvbformat
from fagopplaering.nvb import modell as nvb
from fagopplaering.nvb.kontroll import eksporterbare, kontroller
from fagopplaering.services.felles import hendelse
from fagopplaering.services.nvb_innhold import avsender_for, fra_json, parametere

D = Fagdokument.Status


class NvbSendefeil(Exception):
    """The transport did not deliver the file (the message is Norwegian and safe to show)."""


@dataclass
class Eksport:
    innhold: bytes = b""
    filnavn: str = ""
    sjekksum: str = ""
    dokumenter: int = 0
    annulleringer: int = 0
    avvist: list[str] = field(default_factory=list)
    meldinger: list = field(default_factory=list)
    referanse: str = ""


def _saksbehandler(dok: Fagdokument) -> str:
    return dok.annullert_av or "fagopplæringen"


def lag_fil(
    fylke, *, tid: datetime.datetime | None = None
) -> tuple[nvb.Fil, list[Fagdokument], list[Fagdokument]]:
    """The file as it would be sent now, before the control (the documents and the annulments behind it)."""
    tid = tid or timezone.localtime().replace(tzinfo=None, microsecond=0)
    par = parametere(fylke, tid.date())
    avsender = avsender_for(fylke, par, tid)
    dokumenter = list(Fagdokument.objects.filter(fylke=fylke, status=D.UTSTEDT, vgdoknr__isnull=False,
                                                 nvb_sendt__isnull=True).order_by("vgdoknr"))  # fmt: skip
    annullerte = list(Fagdokument.objects.filter(fylke=fylke, status=D.ANNULLERT, vgdoknr__isnull=False,
                                                 nvb_sendt__isnull=False, annullering_sendt__isnull=True)
                      .select_related("erstattet_av").order_by("vgdoknr"))  # fmt: skip
    avsender.dokumenter = [fra_json(d.nvb) for d in dokumenter]
    avsender.annulleringer = [
        nvb.Annullering(vgdoknr=d.vgdoknr, dato_annullert=d.annullert_dato, saksbehandler=_saksbehandler(d),
                        erstattes_av=d.erstattet_av.vgdoknr if d.erstattet_av_id and d.erstattet_av.vgdoknr else "",
                        aarsakkode=d.annulleringsarsak or "ANN")
        for d in annullerte
    ]  # fmt: skip
    return nvb.Fil([avsender]), dokumenter, annullerte


@transaction.atomic
def eksporter(fylke, *, bruker=None, kjoring=None, idag: datetime.date | None = None) -> Eksport:
    """Controls, writes and marks as sent. ``kjoring`` (the job's run) is stored on every sent row."""
    fil, dokumenter, annullerte = lag_fil(fylke)
    meldinger = kontroller(fil, idag=idag or timezone.localdate())
    ok = eksporterbare(fil, meldinger)
    per_nr: dict[str, list] = {}
    for m in meldinger:
        per_nr.setdefault(m.vgdoknr, []).append(m)
    avsender = fil.avsendere[0]
    avsender.dokumenter = [d for d in avsender.dokumenter if d.vgdoknr in ok]
    avsender.annulleringer = [a for a in avsender.annulleringer if a.vgdoknr in ok]
    ut = Eksport(meldinger=meldinger)
    ut.avvist = sorted({d.vgdoknr for d in dokumenter} - ok)
    for d in dokumenter:
        if d.vgdoknr in per_nr:
            d.kontroll = [{**m.som_dict(), "linje": m.linje} for m in per_nr[d.vgdoknr]]
            d.kontrollert = timezone.now()
            d.save(update_fields=["kontroll", "kontrollert"])
    if not avsender.dokumenter and not avsender.annulleringer:
        return ut
    buf = io.StringIO()
    nvbformat.skriv(fil, buf)
    ut.innhold = buf.getvalue().encode("utf-8")
    ut.sjekksum = hashlib.sha256(ut.innhold).hexdigest()
    ut.filnavn = f"nvb_{fylke.nummer}_{timezone.localtime():%Y%m%d_%H%M%S}.txt"
    ut.dokumenter, ut.annulleringer = len(avsender.dokumenter), len(avsender.annulleringer)
    naa = timezone.now()
    Fagdokument.objects.filter(pk__in=[d.pk for d in dokumenter if d.vgdoknr in ok]).update(
        nvb_sendt=naa, nvb_eksportert=kjoring
    )
    Fagdokument.objects.filter(pk__in=[d.pk for d in annullerte if d.vgdoknr in ok]).update(
        annullering_sendt=naa, annullering_eksportert=kjoring
    )
    from fagopplaering.nvb.transport import transport_fra_innstillinger

    kvittering = transport_fra_innstillinger(nvb_innstillinger()).send(ut.filnavn, ut.innhold)
    if not kvittering.ok:
        # Nothing is marked as sent: the transaction rolls back and the next run sends the same documents.
        raise NvbSendefeil(f"NVB-filen ble ikke levert: {kvittering.melding}")
    ut.referanse = kvittering.referanse
    hendelse(Hendelsestype.NVB_EKSPORT, bruker=bruker, fylke_id=fylke.pk,
             tekst=f"NVB-fil {ut.filnavn}: {ut.dokumenter} dokumenter, {ut.annulleringer} annulleringer, "
                   f"{len(ut.avvist)} stoppet av kontrollen.")  # fmt: skip
    return ut


def nvb_innstillinger() -> dict:
    standard = {"BACKEND": "fil", "KATALOG": str(settings.MEDIA_ROOT) + "/nvb/utboks"}
    return {**standard, **getattr(settings, "NVB_TRANSPORT", {})}
