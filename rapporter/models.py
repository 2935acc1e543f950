"""Deliveries (dataleveranser): one run of a declared extract, its files and the findings of its control step.

A ``Leveranse`` is written only by ``rapporter.leveranser.tjenester`` (one function per state change, each with a
``Leveransehendelse`` in the same transaction). Its status follows ``OVERGANGER``: a run with FEIL findings is
``stoppet`` and can never be marked sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class LeveranseStatus(models.TextChoices):
    KONTROLLERT = "kontrollert", _("Kontrollert")
    STOPPET = "stoppet", _("Stoppet (har feil)")
    GODKJENT = "godkjent", _("Godkjent")
    SENDT = "sendt", _("Sendt")


S = LeveranseStatus
# The allowed status changes, as a table (rapporter.leveranser.tjenester checks it). A run is born either
# kontrollert (no FEIL) or stoppet (FEIL): a stopped run is fixed by correcting the data and running it again.
OVERGANGER: dict[str, set[str]] = {
    S.KONTROLLERT: {S.GODKJENT, S.SENDT},
    S.GODKJENT: {S.SENDT},
    S.STOPPET: set(),
    S.SENDT: set(),
}


class Alvorlighet(models.TextChoices):
    FEIL = "FEIL", _("Feil")
    ADVARSEL = "ADVARSEL", _("Advarsel")


class Leveranse(models.Model):
    scoping = Scoping(fylke="fylke")

    kode = models.CharField(_("leveransekode"), max_length=10, db_index=True)
    navn = models.CharField(_("navn"), max_length=200)
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="leveranser")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="leveranser")
    status = models.CharField(_("status"), max_length=12, choices=LeveranseStatus.choices)
    kjoring = models.ForeignKey(
        "vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True, related_name="leveranser"
    )
    antall_poster = models.PositiveIntegerField(_("antall poster"), default=0)
    antall_feil = models.PositiveIntegerField(_("antall feil"), default=0)
    antall_advarsler = models.PositiveIntegerField(_("antall advarsler"), default=0)
    # {klasse: {"FEIL": n, "ADVARSEL": n}}: the control summary shown above the findings.
    oppsummering = models.JSONField(_("kontrolloppsummering"), default=dict, blank=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True, db_index=True)
    sendt = models.DateTimeField(_("sendt"), null=True, blank=True)
    sendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opprettet", "-id"]
        verbose_name = _("leveranse")
        verbose_name_plural = _("leveranser")
        indexes = [models.Index(fields=["fylke", "kode", "opprettet"])]

    def __str__(self) -> str:
        return f"{self.kode} {self.navn} ({self.get_status_display()})"


def leveransefil_sti(instance: Leveransefil, filnavn: str) -> str:
    # Under MEDIA_ROOT (never static files); served only by rapporter.views.last_ned.
    return f"leveranser/{instance.leveranse.fylke.nummer}/{instance.leveranse_id}/{filnavn}"


class Leveransefil(models.Model):
    # A per-school file (export to the schools) is seen by that school's users as well.
    scoping = Scoping(fylke="leveranse__fylke", skole="skole")

    leveranse = models.ForeignKey(Leveranse, on_delete=models.CASCADE, related_name="filer")
    skole = models.ForeignKey(
        "kodeverk.Skole", on_delete=models.PROTECT, null=True, blank=True, related_name="leveransefiler"
    )
    navn = models.CharField(_("filnavn"), max_length=200)
    fil = models.FileField(_("fil"), upload_to=leveransefil_sti, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storrelse = models.PositiveBigIntegerField(_("størrelse (byte)"), default=0)
    tegnsett = models.CharField(_("tegnsett"), max_length=20)
    innholdstype = models.CharField(_("innholdstype"), max_length=100)
    antall_poster = models.PositiveIntegerField(_("antall poster"), default=0)

    class Meta:
        ordering = ["leveranse", "navn"]
        verbose_name = _("leveransefil")
        verbose_name_plural = _("leveransefiler")

    def __str__(self) -> str:
        return self.navn


class Kontrollfunn(models.Model):
    scoping = Scoping(fylke="leveranse__fylke")

    leveranse = models.ForeignKey(Leveranse, on_delete=models.CASCADE, related_name="funn")
    # A stable internal reference («soknad:123», «tilbud:45»): never a fødselsnummer or a name.
    post = models.CharField(_("post"), max_length=60)
    klasse = models.CharField(_("kontrollklasse"), max_length=60)
    alvorlighet = models.CharField(_("alvorlighet"), max_length=8, choices=Alvorlighet.choices)
    melding = models.CharField(_("melding"), max_length=500)

    class Meta:
        ordering = ["leveranse", "-alvorlighet", "id"]
        verbose_name = _("kontrollfunn")
        verbose_name_plural = _("kontrollfunn")
        indexes = [models.Index(fields=["leveranse", "alvorlighet"])]

    def __str__(self) -> str:
        return f"{self.alvorlighet} {self.klasse}: {self.melding}"


class Leveransehendelse(models.Model):
    """The audit row of each state change (laget, godkjent, sendt)."""

    scoping = Scoping(fylke="leveranse__fylke")

    leveranse = models.ForeignKey(Leveranse, on_delete=models.CASCADE, related_name="hendelser")
    tidspunkt = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handling = models.CharField(_("handling"), max_length=20)
    fra_status = models.CharField(_("fra status"), max_length=12, blank=True)
    til_status = models.CharField(_("til status"), max_length=12)
    tekst = models.CharField(_("tekst"), max_length=500, blank=True)

    class Meta:
        ordering = ["leveranse", "id"]
        verbose_name = _("leveransehendelse")
        verbose_name_plural = _("leveransehendelser")


from rapporter.models_innlesing import *  # noqa
