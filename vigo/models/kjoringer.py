"""Job runs ("kjøringer"): every long job is a Celery task recorded here with progress, log and files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class KjoringStatus(models.TextChoices):
    VENTER = "venter", _("Venter")
    KJORER = "kjorer", _("Kjører")
    FERDIG = "ferdig", _("Ferdig")
    FEILET = "feilet", _("Feilet")
    AVBRUTT = "avbrutt", _("Avbrutt")


AKTIVE_STATUSER = (KjoringStatus.VENTER, KjoringStatus.KJORER)


class Kjoring(models.Model):
    scoping = Scoping(fylke="fylke")

    kode = models.CharField(_("kode"), max_length=10, db_index=True)
    navn = models.CharField(_("navn"), max_length=200)
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="kjoringer")
    parametere = models.JSONField(_("parametere"), default=dict, blank=True)
    startet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="kjoringer"
    )
    startet_av_tekst = models.CharField(_("startet av"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=KjoringStatus.choices, default="venter")
    antall_ferdig = models.PositiveIntegerField(default=0)
    antall_totalt = models.PositiveIntegerField(default=0)
    melding = models.CharField(_("melding"), max_length=500, blank=True)
    resultat = models.JSONField(_("resultat"), default=dict, blank=True)
    feil = models.TextField(_("feil"), blank=True)
    opprettet = models.DateTimeField(auto_now_add=True, db_index=True)
    startet = models.DateTimeField(null=True, blank=True)
    avsluttet = models.DateTimeField(null=True, blank=True)
    hjerteslag = models.DateTimeField(null=True, blank=True)
    arbeider = models.CharField(_("arbeider"), max_length=200, blank=True)
    celery_id = models.CharField(_("Celery-id"), max_length=64, blank=True)
    overstyrt = models.TextField(
        _("overstyring"), blank=True, help_text=_("Begrunnelse når en rekkefølgeregel ble overstyrt.")
    )

    class Meta:
        ordering = ["-opprettet"]
        verbose_name = _("kjøring")
        verbose_name_plural = _("kjøringer")
        constraints = [
            # The database lock behind "one run of the same job per county at a time".
            models.UniqueConstraint(
                fields=["kode", "fylke"],
                condition=models.Q(status__in=["venter", "kjorer"]),
                name="en_aktiv_kjoring_per_fylke_og_jobb",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.navn} ({self.get_status_display()})"

    @property
    def prosent(self) -> int:
        if self.status == KjoringStatus.FERDIG:
            return 100
        if not self.antall_totalt:
            return 0
        return min(100, int(100 * self.antall_ferdig / self.antall_totalt))

    @property
    def aktiv(self) -> bool:
        return self.status in AKTIVE_STATUSER

    @property
    def varighet(self):
        if self.startet and self.avsluttet:
            return self.avsluttet - self.startet
        return None


class KjoringLogg(models.Model):
    kjoring = models.ForeignKey(
        Kjoring, on_delete=models.CASCADE, related_name="logg", verbose_name=_("kjøring")
    )
    tidspunkt = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    niva = models.CharField(_("nivå"), max_length=8, default="info")
    tekst = models.TextField(_("tekst"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("logglinje for kjøring")
        verbose_name_plural = _("logglinjer for kjøringer")


def kjoring_filsti(instance: "KjoringFil", filnavn: str) -> str:
    return f"kjoringer/{instance.kjoring.fylke.nummer}/{instance.kjoring_id}/{filnavn}"


class KjoringFil(models.Model):
    kjoring = models.ForeignKey(
        Kjoring, on_delete=models.CASCADE, related_name="filer", verbose_name=_("kjøring")
    )
    navn = models.CharField(_("navn"), max_length=200)
    fil = models.FileField(_("fil"), upload_to=kjoring_filsti, max_length=300)
    innholdstype = models.CharField(_("innholdstype"), max_length=100, default="application/octet-stream")
    storrelse = models.PositiveBigIntegerField(_("størrelse (byte)"), default=0)
    inneholder_personopplysninger = models.BooleanField(_("inneholder personopplysninger"), default=True)
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("fil fra kjøring")
        verbose_name_plural = _("filer fra kjøringer")

    def __str__(self) -> str:
        return self.navn
