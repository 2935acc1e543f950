"""Dokumentmal: a county's versioned wording of a registered document type (the standard-document tool).

A type (``vigo.dokumentmal.registrer``) has a built-in body; a county may save its own versions. At most one
version per county and type is ``publisert`` (the one every document issued uses), at most one is ``utkast`` (the
one being edited); the others are ``arkivert``. Written only by ``vigo.dokumentmal.services``, which also writes
a ``Dokumentmalhendelse`` for every change in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigo.dokumentmal import FORMATER
from vigo.dokumentmal.gjengi import valider_innhold
from vigo.scoping import Scoping


class Dokumentmal(models.Model):
    scoping = Scoping(fylke="fylke")

    FORMATVALG = [(kode, navn) for kode, (navn, _css) in FORMATER.items()]

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        PUBLISERT = "publisert", _("Publisert")
        ARKIVERT = "arkivert", _("Arkivert")

    fylke = models.ForeignKey(
        "kodeverk.Fylke", on_delete=models.PROTECT, related_name="dokumentmaler", verbose_name=_("fylke")
    )
    dokumenttype = models.CharField(_("dokumenttype"), max_length=40, db_index=True)
    versjon = models.PositiveIntegerField(_("versjon"))
    navn = models.CharField(_("navn"), max_length=200)
    innhold = models.TextField(_("innhold (Django-mal)"), validators=[valider_innhold])
    format = models.CharField(_("format"), max_length=3, choices=FORMATVALG, default="A4")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UTKAST)
    merknad = models.CharField(_("hva er endret"), max_length=500, blank=True)
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )
    publisert = models.DateTimeField(_("publisert"), null=True, blank=True)
    publisert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publisert av"),
    )

    class Meta:
        verbose_name = _("dokumentmal")
        verbose_name_plural = _("dokumentmaler")
        ordering = ["fylke", "dokumenttype", "-versjon"]
        constraints = [
            models.UniqueConstraint(
                fields=["fylke", "dokumenttype", "versjon"], name="dokumentmal_unik_versjon"
            ),
            models.UniqueConstraint(
                fields=["fylke", "dokumenttype"],
                condition=models.Q(status="publisert"),
                name="dokumentmal_en_publisert",
            ),
            models.UniqueConstraint(
                fields=["fylke", "dokumenttype"],
                condition=models.Q(status="utkast"),
                name="dokumentmal_ett_utkast",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navn} v{self.versjon}"

    @property
    def er_standard(self) -> bool:
        """The built-in body (``selectors.aktiv_mal`` when the county has published none); never saved."""
        return self.versjon == 0


class Dokumentmalhendelse(models.Model):
    """Audit of the standard-document tool: who saved, published or restored which version, when."""

    scoping = Scoping(fylke="mal__fylke")

    class Handling(models.TextChoices):
        LAGRET = "lagret", _("Utkast lagret")
        PUBLISERT = "publisert", _("Publisert")
        GJENOPPRETTET = "gjenopprettet", _("Gjenopprettet")

    mal = models.ForeignKey(
        Dokumentmal, on_delete=models.PROTECT, related_name="hendelser", verbose_name=_("mal")
    )
    handling = models.CharField(_("handling"), max_length=15, choices=Handling.choices)
    hva = models.CharField(_("hva"), max_length=300)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruker"),
    )
    tidspunkt = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("hendelse for dokumentmal")
        verbose_name_plural = _("hendelser for dokumentmaler")
        ordering = ["-tidspunkt", "-pk"]

    def __str__(self) -> str:
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.get_handling_display()}: {self.hva}"
