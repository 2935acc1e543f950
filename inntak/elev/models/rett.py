"""Rett (ol-2023 § 5-1/§ 5-5, old law for elevkurs begun before 2024): what the caseworker registers about a
person's right, and what 5A019 computed (docs/elev.md §5). The rule itself is ``inntak.elev.regler.rett``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class Rettsgrunnlag(models.Model):
    """The facts about a person that the rule reads and that no elevkurs carries. Absent = the defaults of
    ``regler.rett.Person`` (grunnskole completed, no competence reached, no adult choice)."""

    scoping = Scoping(fylke="person__fylke")

    person = models.OneToOneField("vigo.Person", on_delete=models.CASCADE, primary_key=True,
                                  related_name="rettsgrunnlag")  # fmt: skip
    grunnskole = models.BooleanField(_("fullført grunnskole eller tilsvarende"), default=True)
    kompetanse_oppnadd = models.DateField(_("studie- eller yrkeskompetanse oppnådd"), null=True, blank=True)
    voksen_valgt = models.BooleanField(_("har valgt opplæring for voksne (§ 18-3)"), default=False)
    saerlige_grunner = models.BooleanField(_("særlige grunner (voksenopplæring før 19 år)"), default=False)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for rettsgrunnlag"), verbose_name_plural=_("historikk for rettsgrunnlag")
    )

    class Meta:
        verbose_name = _("rettsgrunnlag")
        verbose_name_plural = _("rettsgrunnlag")

    def __str__(self) -> str:
        return str(self.person_id)


class Rettshendelse(models.Model):
    """A registered omval (§ 5-5) or extension of the right (5A018 «Utvid kvoter for rett»)."""

    class Type(models.TextChoices):
        OMVAL = "omval", _("Omvalg")
        UTVIDELSE = "utvidelse", _("Utvidelse av retten")

    scoping = Scoping(fylke="person__fylke")

    person = models.ForeignKey("vigo.Person", on_delete=models.CASCADE, related_name="rettshendelser")
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    dato = models.DateField(_("dato"))
    ar = models.PositiveSmallIntegerField(_("antall år"), null=True, blank=True)
    grunn = models.CharField(_("grunn"), max_length=200)
    registrert_av = models.ForeignKey(
        "vigo.Bruker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "dato"]
        verbose_name = _("rettshendelse")
        verbose_name_plural = _("rettshendelser")

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_type_display()} {self.dato}"


class Rett(models.Model):
    """The right as 5A019 computed it for a person in a skoleår. Written only by the job; the explanation is
    recomputed from the same inputs on the person page (no text blob per row)."""

    scoping = Scoping(fylke="person__fylke")

    person = models.ForeignKey("vigo.Person", on_delete=models.CASCADE, related_name="rett")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("skoleår"))  # fmt: skip
    regime = models.CharField(_("regelverk"), max_length=20)
    rettstype = models.CharField(_("rettstype"), max_length=1, blank=True)
    rett_til = models.DateField(_("rett til"), null=True, blank=True)
    ar_brukt = models.PositiveSmallIntegerField(_("år brukt"), default=0)
    kvote = models.PositiveSmallIntegerField(_("kvote (år)"), null=True, blank=True)
    ar_igjen = models.PositiveSmallIntegerField(_("år igjen"), null=True, blank=True)
    omval_igjen = models.PositiveSmallIntegerField(_("omvalg igjen"), null=True, blank=True)
    voksen_mulig = models.BooleanField(_("kan velge voksenopplæring"), default=False)
    kjoring = models.ForeignKey(
        "vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beregnet = models.DateTimeField(_("beregnet"))

    class Meta:
        ordering = ["person", "skolear"]
        verbose_name = _("rett")
        verbose_name_plural = _("rett")
        constraints = [models.UniqueConstraint(fields=["person", "skolear"], name="unik_rett_per_skolear")]
        indexes = [models.Index(fields=["skolear", "rettstype"], name="rett_ar_type")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.skolear_id} {self.rettstype or '-'}"
