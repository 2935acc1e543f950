"""Audit of access to personal data: who looked at or exported what, when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Innsyn(models.Model):
    scoping = Scoping(fylke="fylke")

    class Handling(models.TextChoices):
        VIS = "vis", _("Visning")
        SOK = "sok", _("Søk")
        EKSPORT = "eksport", _("Eksport")
        API = "api", _("API-kall")
        NEDLASTING = "nedlasting", _("Nedlasting")

    tidspunkt = models.DateTimeField(auto_now_add=True, db_index=True)
    bruker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    aktor = models.CharField(_("aktør"), max_length=200, help_text=_("Brukernavn eller API-klient."))
    handling = models.CharField(_("handling"), max_length=12, choices=Handling.choices)
    person = models.ForeignKey(
        "vigo.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="innsyn"
    )
    hva = models.CharField(_("hva"), max_length=300)
    antall = models.PositiveIntegerField(_("antall personer"), default=1)
    fylke = models.ForeignKey("kodeverk.Fylke", null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        ordering = ["-tidspunkt"]
        verbose_name = _("innsynslogg")
        verbose_name_plural = _("innsynslogg")

    def __str__(self) -> str:
        return f"{self.tidspunkt:%Y-%m-%d %H:%M} {self.aktor} {self.get_handling_display()}: {self.hva}"
