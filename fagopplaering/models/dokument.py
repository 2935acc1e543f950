"""Documents issued after a prøve (docs/fagopplaering/dokumenter.md; docs/fagopplaering/domene.md §6, §7):
fag-/svennebrev, kompetansebrev, praksisbrev, kompetansebevis, vitnemål and the letters, each rendered from the
county's published template (``vigo.dokumentmal``) and, for vitnemål and kompetansebevis, sent to NVB.

A document is issued only when the NVB control engine has no FEIL for it; otherwise it is kept as «stoppet» with
its messages so the caseworker can fix the data and issue it again. A Vgdoknr is never reused (``Vgdokteller``):
a change means a new document with a new number and an annulment of the old one (¤D, docs/fagopplaering/nvb.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Brevtype(models.TextChoices):
    FAGBREV = "F", _("Fagbrev")
    SVENNEBREV = "S", _("Svennebrev")


class Laerefag(models.Model):
    """What a lærefag gives beyond Grep: fagbrev or svennebrev (håndverk tradition, docs/fagopplaering/domene.md §6)
    and the title printed on the brev. A lærefag without a row gives fagbrev."""

    programomrade = models.OneToOneField("kodeverk.Programomrade", on_delete=models.CASCADE, related_name="+",
                                         verbose_name=_("lærefag"))  # fmt: skip
    brevtype = models.CharField(
        _("brevtype"), max_length=1, choices=Brevtype.choices, default=Brevtype.FAGBREV
    )
    tittel = models.CharField(_("tittel på brevet"), max_length=200, blank=True,
                              help_text=_("For eksempel «elektriker» eller «tømrer». Tomt: lærefagets navn."))  # fmt: skip

    class Meta:
        ordering = ["programomrade__kode"]
        verbose_name = _("lærefag (brevtype)")
        verbose_name_plural = _("lærefag (brevtyper)")

    def __str__(self) -> str:
        return f"{self.programomrade_id} {self.get_brevtype_display()}"


class Fagdokument(models.Model):
    class Status(models.TextChoices):
        STOPPET = "stoppet", _("Stoppet av kontrollen")
        UTSTEDT = "utstedt", _("Utstedt")
        ANNULLERT = "annullert", _("Annullert")

    class Annulleringsarsak(models.TextChoices):
        KLA = "KLA", _("Nytt resultat etter klage")
        FEI = "FEI", _("Feilføring")
        NVB = "NVB", _("Annullert sentralt")
        ANN = "ANN", _("Annen grunn")

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="fagdokumenter")
    prove = models.ForeignKey("fagopplaering.Prove", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="dokumenter")  # fmt: skip
    dokumenttype = models.CharField(_("dokumenttype"), max_length=30)
    mal_versjon = models.PositiveIntegerField(_("malversjon"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    vgdoknr = models.CharField(
        _("vitnemålsnummer (Vgdoknr)"), max_length=18, unique=True, null=True, blank=True
    )
    nvb = models.JSONField(_("NVB-innhold"), default=dict, blank=True,
                           help_text=_("Dokumentet slik det sendes til NVB (¤V med ¤P, ¤F og ¤M)."))  # fmt: skip
    kontroll = models.JSONField(_("kontrollmeldinger"), default=list, blank=True)
    kontrollert = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    fil = models.FileField(_("PDF"), upload_to="fagopplaering/dokumenter/%Y/", blank=True)
    utstedt_dato = models.DateField(_("utstedt"), null=True, blank=True)
    utstedt_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")  # fmt: skip
    annullert_dato = models.DateField(_("annullert"), null=True, blank=True)
    annulleringsarsak = models.CharField(_("årsak til annullering"), max_length=3,
                                         choices=Annulleringsarsak.choices, blank=True)  # fmt: skip
    annullert_av = models.CharField(_("annullert av (saksbehandler)"), max_length=150, blank=True)
    erstattet_av = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="erstatter"
    )
    nvb_sendt = models.DateTimeField(_("sendt til NVB"), null=True, blank=True)
    annullering_sendt = models.DateTimeField(_("annullering sendt til NVB"), null=True, blank=True)
    nvb_eksportert = models.ForeignKey("vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("sendt til NVB i kjøring"))  # fmt: skip
    annullering_eksportert = models.ForeignKey("vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True,
                                               related_name="+", verbose_name=_("annullering sendt i kjøring"))  # fmt: skip
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opprettet", "-pk"]
        verbose_name = _("dokument i fagopplæringen")
        verbose_name_plural = _("dokumenter i fagopplæringen")
        indexes = [
            models.Index(fields=["fylke", "status", "dokumenttype"], name="fagopp_dok_status"),
        ]

    def __str__(self) -> str:
        return f"{self.dokumenttype} {self.vgdoknr or self.pk}"


class Vgdokteller(models.Model):
    """The last løpenummer used per orgnr and year; numbers are taken under a row lock and never given back."""

    orgnr = models.CharField(max_length=9)
    ar = models.PositiveSmallIntegerField()
    siste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["orgnr", "ar"], name="fagopp_vgdokteller_unik")]
        verbose_name = _("teller for vitnemålsnummer")
        verbose_name_plural = _("tellere for vitnemålsnummer")
