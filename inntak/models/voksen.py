"""Places in the intake of adults (opplæringsforskrifta kapittel 13): one row per adult applicant given a place.

Adults are placed as places free up, without waitlists (§ 13-3), in § 13-4 order (``inntak.motor.prioritet_voksen``,
docs/regler.md §9). The only writers are ``inntak.voksen.services``; the status changes are the table
``VOKSENPLASS_OVERGANGER`` (checked there).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class VoksenplassStatus(models.TextChoices):
    TILBUDT = "tilbudt", _("Tilbudt")
    AKSEPTERT = "akseptert", _("Akseptert")
    AVSLATT = "avslatt", _("Avslått av søkeren")
    TRUKKET = "trukket", _("Trukket")


V = VoksenplassStatus
# Allowed status changes (services.endre_voksenplass_status checks the table). A declined or withdrawn place is
# free again for the next applicant in § 13-4 order.
VOKSENPLASS_OVERGANGER: dict[str, set[str]] = {
    V.TILBUDT: {V.AKSEPTERT, V.AVSLATT, V.TRUKKET},
    V.AKSEPTERT: {V.TRUKKET},
    V.AVSLATT: set(),
    V.TRUKKET: set(),
}
OPPTAR_PLASS = (V.TILBUDT, V.AKSEPTERT)  # the statuses that hold one of the tilbud's places


class Voksenplass(models.Model):
    """The place an adult applicant is offered at a tilbud for adults (``Tilbud.voksenopplaering``)."""

    scoping = Scoping(fylke="tilbud__fylke", skole="tilbud__skole")

    soknad = models.OneToOneField("inntak.Soknad", on_delete=models.CASCADE, related_name="voksenplass")
    tilbud = models.ForeignKey("inntak.Tilbud", on_delete=models.PROTECT, related_name="voksenplasser")
    onske_nr = models.PositiveSmallIntegerField(
        _("ønske nr."),
        null=True,
        blank=True,
        help_text=_("Tom når saksbehandler tildelte et tilbud søkeren ikke ønsket."),
    )
    tildelt = models.DateTimeField(_("tildelt"))
    tildelt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("tildelt av"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=VoksenplassStatus.choices, default=V.TILBUDT
    )
    endret = models.DateTimeField(_("endret"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-tildelt", "-id"]
        verbose_name = _("voksenplass")
        verbose_name_plural = _("voksenplasser")
        indexes = [models.Index(fields=["tilbud", "status"], name="voksenplass_tilbud_status")]

    def __str__(self) -> str:
        return f"Voksenplass {self.pk}: {self.get_status_display()}"

    @property
    def opptar_plass(self) -> bool:
        return self.status in OPPTAR_PLASS
