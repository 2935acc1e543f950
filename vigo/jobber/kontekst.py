"""What a running job sees: its parameters, and calls to report progress, log and store files."""

from __future__ import annotations

import io
import time
from typing import IO

from django.core.files.base import ContentFile, File
from django.utils import timezone

from vigo.models import Kjoring, KjoringFil, KjoringLogg, KjoringStatus


class KjoringAvbrutt(Exception):
    """Raised inside a job when a user cancelled the run; the task ends it as 'avbrutt'."""


class Kontekst:
    # Progress is written at most this often, so a tight loop calling fremdrift() costs nothing.
    INTERVALL = 0.5

    def __init__(self, kjoring: Kjoring):
        self.kjoring = kjoring
        self.parametere = kjoring.parametere
        self.fylke = kjoring.fylke
        self.bruker = kjoring.startet_av
        self._sist = 0.0

    def fremdrift(
        self, ferdig: int, totalt: int | None = None, melding: str | None = None, tving=False
    ) -> None:
        """Record progress (and a heartbeat). Call it outside atomic blocks so others see it at once."""
        naa = time.monotonic()
        if not tving and naa - self._sist < self.INTERVALL and (totalt is None or ferdig < totalt):
            return
        self._sist = naa
        felt = {"antall_ferdig": ferdig, "hjerteslag": timezone.now()}
        if totalt is not None:
            felt["antall_totalt"] = totalt
        if melding is not None:
            felt["melding"] = melding[:500]
        Kjoring.objects.filter(pk=self.kjoring.pk).update(**felt)
        status = Kjoring.objects.filter(pk=self.kjoring.pk).values_list("status", flat=True).first()
        if status == KjoringStatus.AVBRUTT:
            raise KjoringAvbrutt()

    def logg(self, tekst: str, niva: str = "info") -> None:
        KjoringLogg.objects.create(kjoring=self.kjoring, tekst=tekst, niva=niva)

    def lagre_fil(
        self,
        navn: str,
        innhold: bytes | str | IO[bytes],
        innholdstype: str = "application/octet-stream",
        personopplysninger: bool = True,
    ) -> KjoringFil:
        if isinstance(innhold, str):
            innhold = innhold.encode("utf-8")
        fil = ContentFile(innhold, name=navn) if isinstance(innhold, bytes) else File(innhold, name=navn)
        kf = KjoringFil(
            kjoring=self.kjoring,
            navn=navn,
            innholdstype=innholdstype,
            inneholder_personopplysninger=personopplysninger,
        )
        kf.fil.save(navn, fil, save=False)
        kf.storrelse = kf.fil.size
        kf.save()
        return kf

    def ny_tekstfil(self) -> io.StringIO:
        return io.StringIO()
