"""The living årshjul: every dated row of the county's wheel is a Hendelse, tied to the jobs that fulfil it.

Each county has its own copy of the wheel (scoping on ``fylke``); the natural key ``nokkel`` comes from the
framework-free core (``arshjul.kjerne``) so a re-import upserts instead of duplicating.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from arshjul.kjerne import Datotype, Hendelsestype, Kategori
from vigo.scoping import Scoping

KATEGORIVALG = [(k.value, k.etikett) for k in Kategori]
TYPEVALG = [(t.value, t.etikett) for t in Hendelsestype]
DATOTYPEVALG = [
    (Datotype.DATO.value, _("dato")),
    (Datotype.PERIODE.value, _("periode")),
    (Datotype.UKE.value, _("uke")),
    (Datotype.GJENTAKENDE.value, _("gjentakende")),
]


class Status(models.TextChoices):
    PLANLAGT = "planlagt", _("Planlagt")
    UTFORT = "utfort", _("Utført")
    FORSINKET = "forsinket", _("Forsinket")


class Hendelse(models.Model):
    """One dated row of a county's årshjul: a deadline, a delivery, a first/last date, a vacation week …"""

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="arshjulhendelser")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="arshjulhendelser",
                                to_field="kode", verbose_name=_("skoleår"))  # fmt: skip
    nokkel = models.CharField(_("naturlig nøkkel"), max_length=32, editable=False)

    # When: a date, a date range, ISO week(s) or a recurring rule. ``slutt`` is inclusive.
    datotype = models.CharField(_("datotype"), max_length=12, choices=DATOTYPEVALG, default="dato")
    start = models.DateField(_("start"), db_index=True)
    slutt = models.DateField(_("slutt"))
    datotekst = models.CharField(_("dato i dokumentet"), max_length=100, blank=True)
    uker = models.JSONField(_("uker"), default=list, blank=True)
    rrule = models.CharField(_("gjentakelsesregel (RRULE)"), max_length=200, blank=True)
    regeltekst = models.CharField(_("gjentakelse"), max_length=200, blank=True)

    fra = models.CharField(_("fra"), max_length=300, blank=True)
    hva = models.TextField(_("hva"))
    til = models.CharField(_("til"), max_length=300, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True)

    kategori = models.CharField(_("kategori"), max_length=40, choices=KATEGORIVALG, db_index=True)
    kategori_regel = models.CharField(_("kategoriregel"), max_length=60, blank=True,
                                      help_text=_("Regelen som traff ved import."))  # fmt: skip
    kategori_overstyrt = models.BooleanField(
        _("kategori overstyrt"), default=False, help_text=_("Satt manuelt; en ny import endrer den ikke.")
    )
    type = models.CharField(_("type"), max_length=20, choices=TYPEVALG, default="annet")
    type_regel = models.CharField(_("typeregel"), max_length=60, blank=True)
    jobbkoder = models.JSONField(_("jobbkoder"), default=dict, blank=True,
                                 help_text=_("Kode → navn (eller null) for jobbene som oppfyller hendelsen."))  # fmt: skip

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANLAGT,
                              help_text=_("Manuell status; for hendelser med jobb regnes status ut fra kjøringene."))  # fmt: skip
    ansvarlig = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="arshjulhendelser", verbose_name=_("ansvarlig"))  # fmt: skip
    paminnelse_dager = models.PositiveSmallIntegerField(
        _("påminnelse (dager før)"),
        null=True,
        blank=True,
        help_text=_("Send e-post til ansvarlig N dager før."),
    )
    paminnelse_sendt = models.DateField(_("påminnelse sendt"), null=True, blank=True)

    utkast = models.BooleanField(_("utkast"), default=False, db_index=True,
                                 help_text=_("Kopiert fra forrige skoleår og ikke publisert ennå."))  # fmt: skip
    merknad = models.TextField(
        _("merknad"), blank=True, help_text=_("Hvorfor datoen ble flyttet ved kopiering.")
    )
    linje_fra = models.PositiveIntegerField(_("linje fra"), default=0)
    linje_til = models.PositiveIntegerField(_("linje til"), default=0)
    forekomst = models.PositiveSmallIntegerField(default=1)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(verbose_name=_("historikk for årshjulhendelse"),
                                verbose_name_plural=_("historikk for årshjulhendelser"))  # fmt: skip

    class Meta:
        ordering = ["start", "slutt", "linje_fra", "pk"]
        verbose_name = _("årshjulhendelse")
        verbose_name_plural = _("årshjulhendelser")
        constraints = [
            models.UniqueConstraint(fields=["fylke", "nokkel"], name="arshjul_unik_nokkel_per_fylke")
        ]
        indexes = [models.Index(fields=["fylke", "skolear", "start"])]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y} {self.hva[:60]}"

    @property
    def er_ferie(self) -> bool:
        return self.type == Hendelsestype.FERIE.value

    @property
    def kategori_enum(self) -> Kategori:
        return Kategori(self.kategori)

    @property
    def flerdags(self) -> bool:
        return self.slutt > self.start


def _ny_token() -> str:
    return secrets.token_urlsafe(32)


class Kalenderfeed(models.Model):
    """The unguessable token behind a county's iCalendar subscription URL (calendar clients have no session)."""

    scoping = Scoping(fylke="fylke")

    fylke = models.OneToOneField("kodeverk.Fylke", on_delete=models.CASCADE, related_name="arshjulfeed")
    token = models.CharField(_("token"), max_length=64, unique=True, default=_ny_token, editable=False)
    opprettet = models.DateTimeField(auto_now_add=True)
    fornyet = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"Kalender for {self.fylke}"


class Rutine(models.Model):
    """A routine with a fixed order of jobs (national, from the årshjul's «Rutiner for …» texts)."""

    navn = models.CharField(_("navn"), max_length=200, unique=True)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["navn"]
        verbose_name = _("rutine")
        verbose_name_plural = _("rutiner")

    def __str__(self) -> str:
        return self.navn


class RutineSteg(models.Model):
    rutine = models.ForeignKey(Rutine, on_delete=models.CASCADE, related_name="steg")
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"))
    jobbkode = models.CharField(_("jobbkode"), max_length=10, blank=True,
                                help_text=_("Tom for manuelle steg uten jobb."))  # fmt: skip
    beskrivelse = models.CharField(_("beskrivelse"), max_length=300)

    class Meta:
        ordering = ["rutine", "rekkefolge"]
        verbose_name = _("rutinesteg")
        verbose_name_plural = _("rutinesteg")
        constraints = [models.UniqueConstraint(fields=["rutine", "rekkefolge"], name="arshjul_unikt_steg")]

    def __str__(self) -> str:
        return f"{self.rekkefolge}. {self.jobbkode or '–'} {self.beskrivelse}"


class PlanlagtKjoring(models.Model):
    """A job an event starts by itself at a given time (a one-off django-celery-beat task)."""

    scoping = Scoping(fylke="hendelse__fylke")

    hendelse = models.ForeignKey(Hendelse, on_delete=models.CASCADE, related_name="planlagte_kjoringer")
    jobbkode = models.CharField(_("jobbkode"), max_length=10)
    tidspunkt = models.DateTimeField(_("tidspunkt"))
    periodisk_oppgave = models.OneToOneField("django_celery_beat.PeriodicTask", null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    opprettet_av = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")  # fmt: skip
    kjoring = models.ForeignKey(
        "vigo.Kjoring",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kjøring"),
    )
    resultat = models.CharField(_("resultat"), max_length=500, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tidspunkt"]
        verbose_name = _("planlagt kjøring")
        verbose_name_plural = _("planlagte kjøringer")

    def __str__(self) -> str:
        return f"{self.jobbkode} {self.tidspunkt:%d.%m.%Y %H:%M}"
