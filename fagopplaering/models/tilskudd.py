"""Lærlingtilskudd (docs/fagopplaering/tilskudd.md; docs/fagopplaering/domene.md §8): one row per contract and month as the
tilskudd job computed it, and one payment row per company and period. Written only by the job (set-based SQL);
the explanation of a row is recomputed from its inputs by ``fagopplaering.regler.tilskudd``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Ordning(models.TextChoices):
    BT1 = "BT1", _("Basistilskudd I")
    BT2 = "BT2", _("Basistilskudd II")
    LK = "LK", _("Tilskudd for lærekandidat")


class Tilskuddsberegning(models.Model):
    """One computation for a county and a half-year (a run of the tilskudd job)."""

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"))
    kjoring = models.ForeignKey(
        "vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beregnet = models.DateTimeField(_("beregnet"), auto_now_add=True)
    antall_kontrakter = models.PositiveIntegerField(_("kontrakter"), default=0)
    antall_bedrifter = models.PositiveIntegerField(_("bedrifter"), default=0)
    sum = models.DecimalField(_("sum"), max_digits=14, decimal_places=2, default=0)
    satser = models.JSONField(_("satser brukt"), default=dict)

    class Meta:
        ordering = ["-fra", "-beregnet"]
        verbose_name = _("tilskuddsberegning")
        verbose_name_plural = _("tilskuddsberegninger")


class Tilskuddslinje(models.Model):
    """What one contract earns its company in one month."""

    scoping = Scoping(fylke="beregning__fylke")

    beregning = models.ForeignKey(Tilskuddsberegning, on_delete=models.CASCADE, related_name="linjer")
    kontrakt = models.ForeignKey(
        "fagopplaering.Kontrakt", on_delete=models.CASCADE, related_name="tilskuddslinjer"
    )
    bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, related_name="+")
    maned = models.DateField(_("måned"))
    ordning = models.CharField(_("ordning"), max_length=3, choices=Ordning.choices)
    dager = models.PositiveSmallIntegerField(_("dager løpende"))
    dager_i_maned = models.PositiveSmallIntegerField(_("dager i måneden"))
    sats = models.DecimalField(_("sats per måned"), max_digits=12, decimal_places=2)
    belop = models.DecimalField(_("beløp"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["beregning", "bedrift", "kontrakt", "maned"]
        verbose_name = _("tilskuddslinje")
        verbose_name_plural = _("tilskuddslinjer")
        constraints = [
            models.UniqueConstraint(fields=["beregning", "kontrakt", "maned"], name="en_linje_per_maned")
        ]
        indexes = [
            models.Index(fields=["beregning", "bedrift"], name="tilskudd_bedrift"),
            models.Index(fields=["kontrakt", "maned"], name="tilskudd_kontrakt"),
        ]


class Tilskuddsutbetaling(models.Model):
    """The sum per company for a computation: the payment list line (file per company)."""

    scoping = Scoping(fylke="beregning__fylke")

    beregning = models.ForeignKey(Tilskuddsberegning, on_delete=models.CASCADE, related_name="utbetalinger")
    bedrift = models.ForeignKey(
        "fagopplaering.Bedrift", on_delete=models.PROTECT, related_name="tilskuddsutbetalinger"
    )
    antall_kontrakter = models.PositiveIntegerField(_("kontrakter"))
    belop = models.DecimalField(_("beløp"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["beregning", "bedrift__navn"]
        verbose_name = _("tilskuddsutbetaling")
        verbose_name_plural = _("tilskuddsutbetalinger")
        constraints = [
            models.UniqueConstraint(fields=["beregning", "bedrift"], name="en_utbetaling_per_bedrift")
        ]
