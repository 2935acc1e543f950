"""Brevmal: the county's editable standard document for tilbudsbrev (a Django-template body + letterhead)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.template import Template, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


def valider_mal(innhold: str) -> None:
    try:
        Template(innhold)
    except TemplateSyntaxError as feil:
        raise ValidationError(_("Malen har en syntaksfeil: %(feil)s") % {"feil": feil}) from None


def logo_filsti(instance: Brevmal, filnavn: str) -> str:
    return f"inntak/brevmal/{instance.fylke.nummer}/{filnavn}"


class Brevmal(models.Model):
    """One active template per county. ``innhold`` is a Django template; variables are listed in the admin."""

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="brevmaler")
    navn = models.CharField(_("navn"), max_length=200)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    emne = models.CharField(
        _("emne (e-post)"), max_length=200, default="Svar på søknad om inntak til videregående opplæring"
    )
    innhold = models.TextField(
        _("innhold (Django-mal)"),
        validators=[valider_mal],
        help_text=_(
            "Variabler: mottaker, soker, soknad, tildeling (tilbud, skole, programområde, ønske nr.), "
            "ventelister, svarfrist, runde, fylke, dato, er_kopi_til_foresatt."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to=logo_filsti, blank=True)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fylke", "navn"]
        verbose_name = _("brevmal")
        verbose_name_plural = _("brevmaler")
        constraints = [
            models.UniqueConstraint(
                fields=["fylke"], condition=models.Q(aktiv=True), name="en_aktiv_brevmal"
            ),
        ]

    def __str__(self) -> str:
        return self.navn
