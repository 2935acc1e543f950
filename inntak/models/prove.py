"""Results of inntaksprøve or assessed documented skill per søknad and tilbud (opplæringsforskrifta § 4-6).

The result is the score the applicant competes with in the tilbud's inntaksprøve quota (``Tilbud.kvote_prosent``);
the rest of the places go by points. Written only by ``inntak.services.prove``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class Proveresultat(models.Model):
    scoping = Scoping(fylke="tilbud__fylke", skole="tilbud__skole")

    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.CASCADE, related_name="proveresultater")
    tilbud = models.ForeignKey("inntak.Tilbud", on_delete=models.PROTECT, related_name="proveresultater")
    poeng = models.DecimalField(
        _("resultat (poeng)"), max_digits=5, decimal_places=2,
        help_text=_("Resultatet på inntaksprøven eller vurderingen av dokumentert ferdighet, 0–100."),
    )  # fmt: skip
    registrert = models.DateTimeField(_("registrert"), auto_now=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["tilbud", "-poeng"]
        verbose_name = _("resultat på inntaksprøve")
        verbose_name_plural = _("resultater på inntaksprøve")
        constraints = [
            models.UniqueConstraint(fields=["soknad", "tilbud"], name="ett_proveresultat_per_tilbud"),
            models.CheckConstraint(
                condition=models.Q(poeng__gte=0) & models.Q(poeng__lte=100), name="proveresultat_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soknad_id} @ {self.tilbud_id}: {self.poeng}"
