"""System parameters: one value per county, school year and key (the keys are declared in ``vigo.parametere``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class Systemparameter(models.Model):
    """A county's own value for a registered parameter in one school year. No row means the registered default
    applies. Written only by ``vigo.parametere.services``; every change leaves a history row (who, when, value)."""

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey(
        "kodeverk.Fylke", on_delete=models.PROTECT, related_name="systemparametere", verbose_name=_("fylke")
    )
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="systemparametere",
                                to_field="kode", verbose_name=_("skoleår"))  # fmt: skip
    nokkel = models.CharField(_("nøkkel"), max_length=100)
    verdi = models.JSONField(_("verdi"))
    endret = models.DateTimeField(_("endret"), auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endret av"),
    )
    history = HistoricalRecords(
        verbose_name=_("historikk for systemparameter"),
        verbose_name_plural=_("historikk for systemparametere"),
    )

    class Meta:
        verbose_name = _("systemparameter")
        verbose_name_plural = _("systemparametere")
        ordering = ["fylke", "skolear", "nokkel"]
        constraints = [
            models.UniqueConstraint(fields=["fylke", "skolear", "nokkel"], name="systemparameter_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.fylke_id} {self.skolear_id} {self.nokkel}"
