"""Klasseordning (VIGO 1S001): what each school offers in a school year, with capacity."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Inntakskrav(models.TextChoices):
    """Særskilt inntakskrav (forskrift § 6-11); the engine uses the same two codes."""

    INGEN = "", _("Ingen")
    INNTAKSPROVE = "inntaksprove", _("Inntaksprøve")
    DOKUMENTASJON = "dokumentasjon", _("Dokumentasjon")


class TilbudStatus(models.TextChoices):
    APEN = "apen", _("Åpen for søking")
    STENGT = "stengt", _("Stengt")


class Tilbud(models.Model):
    """Skole × programområde × skoleår. ``fylke`` is the school's county, kept on the row for scoping."""

    scoping = Scoping(fylke="fylke", skole="skole")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="tilbud")
    skole = models.ForeignKey("kodeverk.Skole", on_delete=models.PROTECT, related_name="tilbud")
    programomrade = models.ForeignKey(
        "kodeverk.Programomrade", on_delete=models.PROTECT, related_name="tilbud"
    )
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="tilbud")
    plasser = models.PositiveIntegerField(_("plasser"))
    antall_klasser = models.PositiveSmallIntegerField(_("antall klasser"), default=1)
    landslinje = models.BooleanField(_("landslinje"), default=False)
    voksenopplaering = models.BooleanField(
        _("tilbud for voksne"), default=False, db_default=False,
        help_text=_("Fylles løpende etter opplæringsforskrifta kapittel 13, ikke i det ordinære inntaket."),
    )  # fmt: skip
    statlig = models.BooleanField(
        _("statlig skole"), default=False, db_default=False,
        help_text=_("Bostedsfylket har ingenting å si for rekkefølgen (opplæringsforskrifta § 4-15)."),
    )  # fmt: skip
    inntakskrav = models.CharField(
        _("særskilt inntakskrav"), max_length=14, choices=Inntakskrav.choices, default="", blank=True
    )
    # § 4-6: up to half of the places by inntaksprøve or documented skill, the rest by points (docs/regler.md, «Kvote etter § 4-6»).
    kvote_prosent = models.PositiveSmallIntegerField(
        _("kvote for inntaksprøve (prosent)"), default=0, db_default=0,
        help_text=_("Andel av plassene (0–50 %) som fordeles etter inntaksprøve eller dokumentert ferdighet."),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=6, choices=TilbudStatus.choices, default="apen")

    class Meta:
        ordering = ["skolear", "skole__navn", "programomrade__kode"]
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        constraints = [
            models.UniqueConstraint(fields=["skole", "programomrade", "skolear"], name="unikt_tilbud"),
            models.CheckConstraint(
                condition=models.Q(kvote_prosent__lte=50),
                name="kvote_hoyst_halvparten",
                violation_error_message=_("Kvoten for inntaksprøve kan være høyst 50 % av plassene (§ 4-6)."),
            ),  # fmt: skip
        ]
        indexes = [models.Index(fields=["fylke", "skolear"])]

    def __str__(self) -> str:
        return f"{self.skole.navn} – {self.programomrade.navn} ({self.skolear.kode})"

    def clean(self) -> None:
        super().clean()
        if self.kvote_prosent and not self.inntakskrav:
            raise ValidationError(
                {
                    "kvote_prosent": _(
                        "En kvote for inntaksprøve krever særskilt inntakskrav (opplæringsforskrifta § 4-6)."
                    )
                }
            )

    def save(self, *args, **kwargs):
        if self.skole_id and not self.fylke_id:
            self.fylke_id = self.skole.fylke_id
        super().save(*args, **kwargs)

    @property
    def apen(self) -> bool:
        return self.status == TilbudStatus.APEN
