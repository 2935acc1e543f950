"""Privatister: a person registered for an exam in a fag and an exam period, outside an elevkurs (docs/elev.md,
privatister). The result lands in the same register as a fag line with fagstatus P (``Elevfag``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class Privatistmelding(models.Model):
    """One exam registration: person × fag × exam period × exam form, in the county that holds the exam."""

    class Status(models.TextChoices):
        MELDT = "meldt", _("Oppmeldt")
        TRUKKET = "trukket", _("Trukket")
        AVLAGT = "avlagt", _("Avlagt")
        IKKE_MOTT = "ikke_mott", _("Ikke møtt")

    class Eksamensform(models.TextChoices):
        SKRIFTLIG = "skriftlig", _("Skriftlig")
        MUNTLIG = "muntlig", _("Muntlig")
        PRAKTISK = "annen", _("Praktisk / annen")

    # Which transitions a registration may take (django-oscar style): a result only once, from «meldt».
    OVERGANGER: dict[str, tuple[str, ...]] = {
        Status.MELDT: (Status.TRUKKET, Status.AVLAGT, Status.IKKE_MOTT),
        Status.TRUKKET: (Status.MELDT,),
        Status.AVLAGT: (),
        Status.IKKE_MOTT: (Status.MELDT,),
    }

    scoping = Scoping(fylke="fylke", skole="eksamensskole")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="privatistmeldinger")
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    fag = models.ForeignKey("kodeverk.Fag", on_delete=models.PROTECT, related_name="+")
    eksamensperiode = models.CharField(
        _("eksamensperiode"), max_length=5, help_text=_("H eller V og året, f.eks. V2027.")
    )
    eksamensform = models.CharField(_("eksamensform"), max_length=9, choices=Eksamensform.choices)
    eksamensskole = models.ForeignKey(
        "kodeverk.Skole", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("eksamensskole"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=9, choices=Status.choices, default=Status.MELDT)
    karakter = models.CharField(_("karakter"), max_length=2, blank=True)
    elevfag = models.ForeignKey(
        "elev.Elevfag", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("resultatlinje i elevregisteret"),
    )  # fmt: skip
    registrert_av = models.ForeignKey("vigo.Bruker", on_delete=models.SET_NULL, null=True, related_name="+")
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for privatistmelding"),
        verbose_name_plural=_("historikk for privatistmeldinger"),
    )

    class Meta:
        ordering = ["-eksamensperiode", "fag"]
        verbose_name = _("privatistmelding")
        verbose_name_plural = _("privatistmeldinger")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "fag", "eksamensperiode", "eksamensform"], name="unik_privatistmelding"
            ),
            models.CheckConstraint(
                condition=models.Q(eksamensperiode__regex=r"^[HV][0-9]{4}$"), name="privatist_periode_format"
            ),
        ]
        indexes = [models.Index(fields=["fylke", "eksamensperiode", "status"], name="privatist_periode")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.fag_id} {self.eksamensperiode}"
