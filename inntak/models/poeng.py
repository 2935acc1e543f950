"""Computed points per søknad, written by the SQL batch 1P001 (one row per søknad, upserted)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Poeng(models.Model):
    """The result of poengberegningen for one søknad. ``poeng``/``gjennomsnitt`` are empty when the applicant
    has individuell behandling (fewer than half the subjects with a numeric grade, or nothing that counts)."""

    scoping = Scoping(fylke="soknad__fylke", skole="soknad__onsker__tilbud__skole")

    soknad = models.OneToOneField(
        "inntak.Soknad", on_delete=models.CASCADE, primary_key=True, related_name="poeng"
    )
    poeng = models.DecimalField(_("poeng"), max_digits=5, decimal_places=2, null=True, blank=True)
    gjennomsnitt = models.DecimalField(
        _("gjennomsnitt"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    sum_karakterer = models.DecimalField(_("sum"), max_digits=8, decimal_places=2)
    antall = models.PositiveIntegerField(_("antall karakterer"))
    antall_fag = models.PositiveIntegerField(_("fag på vitnemålet"))
    antall_fag_med_karakter = models.PositiveIntegerField(_("fag med tallkarakter"))
    individuell_behandling = models.BooleanField(_("individuell behandling"))
    regelsett = models.CharField(_("regelsett"), max_length=40)
    avrunding = models.CharField(_("avrunding"), max_length=1)
    beregnet = models.DateTimeField(_("beregnet"))

    class Meta:
        verbose_name = _("poeng")
        verbose_name_plural = _("poeng")

    def __str__(self) -> str:
        return f"{self.poeng if self.poeng is not None else 'individuell behandling'}"
