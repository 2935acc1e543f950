"""Inbound files (docs/leveranser/innlesing.md): private-school data from Udir (job 6I020) and the feedback files
(tilbakemeldinger) Udir/SSB return on our deliveries.

Written only by ``rapporter.innlesing.privatskole`` and ``rapporter.innlesing.tilbakemelding``. A refused feedback
file leaves nothing behind; a stored one has its lines, its checksum and a ``Leveransehendelse`` on the delivery.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping

__all__ = [
    "Privatskoleimport",
    "Tilbakemelding",
    "Tilbakemeldingslinje",
    "TilbakemeldingAvsender",
]


class Privatskoleimport(models.Model):
    """One private-school file from Udir (WIS) run through job 6I020. ``inntak.elev.Kilde`` has no «Udir» value
    (a choice there would need a migration in inntak.elev), so the source is recorded here, next to the
    ``Elevimport`` row the SAS import writes."""

    class Status(models.TextChoices):
        IMPORTERT = "importert", _("Importert")
        AVVIST = "avvist", _("Avvist (ingenting lagret)")

    class Kilde(models.TextChoices):
        UDIR = "udir", _("Udir (WIS)")

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    kilde = models.CharField(_("kilde"), max_length=10, choices=Kilde.choices, default=Kilde.UDIR)
    kjoring = models.ForeignKey(
        "vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    elevimport = models.ForeignKey(
        "elev.Elevimport", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filnavn = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(_("sjekksum (SHA-256)"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Lines per posttype, private schools touched, refused lines (public schools) and the SAS import's counts.
    antall = models.JSONField(_("antall"), default=dict, blank=True)
    importert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-opprettet", "-id"]
        verbose_name = _("privatskoleimport")
        verbose_name_plural = _("privatskoleimporter")

    def __str__(self) -> str:
        return f"{self.filnavn} ({self.get_status_display()})"


class TilbakemeldingAvsender(models.TextChoices):
    UDIR = "udir", _("Utdanningsdirektoratet")
    SSB = "ssb", _("SSB")


def tilbakemelding_sti(instance: Tilbakemelding, filnavn: str) -> str:
    # Beside the delivery's own files under MEDIA_ROOT (never a public URL); the file name is random.
    lev = instance.leveranse
    return f"leveranser/{lev.fylke.nummer}/{lev.pk}/tilbakemelding/{filnavn}"


class Tilbakemelding(models.Model):
    """A feedback file from Udir/SSB on one delivery, stored as received with its SHA-256."""

    scoping = Scoping(fylke="leveranse__fylke")

    leveranse = models.ForeignKey(
        "rapporter.Leveranse", on_delete=models.CASCADE, related_name="tilbakemeldinger"
    )
    avsender = models.CharField(_("avsender"), max_length=10, choices=TilbakemeldingAvsender.choices)
    filnavn = models.CharField(_("filnavn"), max_length=255)
    fil = models.FileField(_("fil"), upload_to=tilbakemelding_sti, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storrelse = models.PositiveBigIntegerField(_("størrelse (byte)"), default=0)
    antall_linjer = models.PositiveIntegerField(_("antall linjer"), default=0)
    antall_feil = models.PositiveIntegerField(_("antall feil"), default=0)
    antall_advarsler = models.PositiveIntegerField(_("antall advarsler"), default=0)
    antall_koblet = models.PositiveIntegerField(_("koblet til intern referanse"), default=0)
    importert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    importert = models.DateTimeField(_("importert"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-importert", "-id"]
        verbose_name = _("tilbakemelding")
        verbose_name_plural = _("tilbakemeldinger")

    def __str__(self) -> str:
        return self.filnavn


class Tilbakemeldingslinje(models.Model):
    """One line of a feedback file, matched to the record we sent. ``post`` is our stable internal reference
    («soknad:123») when the sent line carries one; otherwise only ``fil`` and ``radnr`` point at it. Never a
    fødselsnummer or a name (11-digit numbers in the message are masked on import)."""

    scoping = Scoping(fylke="tilbakemelding__leveranse__fylke")

    tilbakemelding = models.ForeignKey(Tilbakemelding, on_delete=models.CASCADE, related_name="linjer")
    linje = models.PositiveIntegerField(_("linje i tilbakemeldingen"))
    fil = models.ForeignKey(
        "rapporter.Leveransefil", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    radnr = models.PositiveIntegerField(_("radnummer i sendt fil"), null=True, blank=True)
    post = models.CharField(_("intern referanse"), max_length=60, blank=True)
    feilkode = models.CharField(_("feilkode"), max_length=40)
    alvorlighet = models.CharField(
        _("alvorlighet"), max_length=8, choices=[("FEIL", _("Feil")), ("ADVARSEL", _("Advarsel"))]
    )
    melding = models.CharField(_("melding"), max_length=500, blank=True)

    class Meta:
        ordering = ["tilbakemelding", "linje"]
        verbose_name = _("tilbakemeldingslinje")
        verbose_name_plural = _("tilbakemeldingslinjer")
        indexes = [models.Index(fields=["tilbakemelding", "alvorlighet"])]

    def __str__(self) -> str:
        return f"{self.alvorlighet} {self.feilkode}: {self.melding}"
