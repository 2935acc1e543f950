"""Oppfølgingstjenesten (OT, ol-2023 § 9-4, forskrifta § 8-3): the youth OT follows, their status, units and
notes (docs/elev.md, OT). The status codes are Udir's (docs/grensesnitt.md §6.7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kodeverk.models import Kode
from vigo.scoping import Scoping


class Otstatus(Kode):
    """Udir's OT status codes in five groups; ``type`` O = set by OT, V = set by VIGO (VIGOS.OTStatus)."""

    class Gruppe(models.IntegerChoices):
        UKJENT = 1, _("Ukjent aktivitet")
        OPPFOLGING = 2, _("Under oppfølging og veiledning")
        AKTIVITET = 3, _("I aktivitet")
        AVKLART = 4, _("Avklart")
        IKKE_MALGRUPPE = 5, _("Tilmeldt, men ikke i målgruppen")

    gruppe = models.PositiveSmallIntegerField(_("gruppe"), choices=Gruppe.choices)
    type = models.CharField(_("type"), max_length=1, default="O")

    class Meta(Kode.Meta):
        verbose_name = _("OT-status")
        verbose_name_plural = _("OT-statuser")


class Otenhet(models.Model):
    """An OT unit in a county (VIGOS.OTENHET)."""

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(_("kode"), max_length=10)
    navn = models.CharField(_("navn"), max_length=200)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["fylke", "navn"]
        verbose_name = _("OT-enhet")
        verbose_name_plural = _("OT-enheter")
        constraints = [models.UniqueConstraint(fields=["fylke", "kode"], name="unik_otenhet")]

    def __str__(self) -> str:
        return self.navn


class OtUngdom(models.Model):
    """A young person in the county's OT (FINT OtUngdom): one row per person and county, with the latest status."""

    class Arsak(models.TextChoices):
        TAKKET_NEI = "takket_nei", _("Takket nei eller svarte ikke")
        SLUTTER = "slutter", _("Sluttet i opplæringen")
        IKKE_STARTET = "ikke_startet", _("Ikke startet etter formidling")
        IKKE_SOKER = "ikke_soker", _("Søkte ikke")
        MANUELL = "manuell", _("Meldt manuelt")

    scoping = Scoping(fylke="fylke")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="ot")
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    otenhet = models.ForeignKey(Otenhet, on_delete=models.PROTECT, null=True, blank=True, related_name="ungdom",
                                verbose_name=_("OT-enhet"))  # fmt: skip
    status = models.ForeignKey(Otstatus, on_delete=models.PROTECT, related_name="+", verbose_name=_("status"))
    status_dato = models.DateField(_("statusdato"))
    arsak = models.CharField(_("meldt fordi"), max_length=12, choices=Arsak.choices)
    elevkurs = models.ForeignKey("elev.Elevforhold", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("siste elevkurs"))  # fmt: skip
    aktiv = models.BooleanField(_("aktiv"), default=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for OT-ungdom"), verbose_name_plural=_("historikk for OT-ungdom")
    )

    class Meta:
        ordering = ["fylke", "-status_dato"]
        verbose_name = _("OT-ungdom")
        verbose_name_plural = _("OT-ungdom")
        constraints = [models.UniqueConstraint(fields=["person", "fylke"], name="unik_ot_per_fylke")]
        indexes = [models.Index(fields=["fylke", "aktiv", "status"], name="ot_fylke_status")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status_id}"


class OtNotat(models.Model):
    """A follow-up note. Sensitive: shown only to users with særtilgang, every view audited."""

    scoping = Scoping(fylke="ot_ungdom__fylke")

    ot_ungdom = models.ForeignKey(OtUngdom, on_delete=models.CASCADE, related_name="notater")
    tekst = models.TextField(_("notat"))
    skrevet_av = models.ForeignKey("vigo.Bruker", on_delete=models.SET_NULL, null=True, related_name="+")
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ot_ungdom", "-opprettet"]
        verbose_name = _("OT-notat")
        verbose_name_plural = _("OT-notater")

    def __str__(self) -> str:
        return f"{self.ot_ungdom_id} {self.opprettet:%Y-%m-%d}"
