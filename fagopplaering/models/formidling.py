"""Formidling til læreplass (docs/fagopplaering/formidling.md): applicants from the intake, the county's offers to
approved companies, and the companies' intensjonsavtaler/forhåndsavtaler. The states are declared in
``fagopplaering.regler.formidling`` (a transition table); ``Formidling.Status`` only names them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fagopplaering.models.koder import Kandidattype
from vigo.scoping import Scoping


class Formidling(models.Model):
    """One applicant's wish for a læreplass in one lærefag, in the county's formidling list."""

    class Status(models.TextChoices):
        SOKT = "sokt", _("Søker til læreplass")
        UKVALIFISERT = "ukvalifisert", _("Ikke kvalifisert")
        ANNET_FYLKE = "annet_fylke", _("Bosatt i annet fylke")
        FORMIDLET = "formidlet", _("Formidlet til bedrift")
        INTERVJU = "intervju", _("Til intervju")
        TILBUD = "tilbud", _("Tilbud om læreplass")
        AKSEPTERT = "akseptert", _("Takket ja")
        AVSLATT = "avslatt", _("Takket nei")
        IKKE_SVART = "ikke_svart", _("Svarte ikke på tilbud")
        KONTRAKT = "kontrakt", _("Kontrakt opprettet")
        INNTATT_ANNET = "inntatt_annet", _("Tatt inn på annet ønske")
        PASSIV = "passiv", _("Passiv")
        VG3_SKOLE = "vg3_skole", _("Tilbud om Vg3 i skole")
        TRUKKET = "trukket", _("Trukket")

    scoping = Scoping(fylke="fylke")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="formidlinger")
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("skoleår"))  # fmt: skip
    programomrade = models.ForeignKey("kodeverk.Programomrade", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("lærefag"))  # fmt: skip
    soknad = models.ForeignKey("inntak.Soknad", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="formidlinger")  # fmt: skip
    onske = models.ForeignKey(
        "inntak.Onske", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    onskenr = models.PositiveSmallIntegerField(_("ønske nr."), null=True, blank=True)
    kandidattype = models.CharField(_("kandidattype"), max_length=20, choices=Kandidattype.choices,
                                    default=Kandidattype.LAERLING)  # fmt: skip
    ungdomsrett = models.BooleanField(_("ungdomsrett"), default=False)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.SOKT)
    statuskode = models.CharField(_("statuskode (Udir)"), max_length=3, blank=True)
    status_dato = models.DateField(_("statusdato"))
    bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="formidlinger", verbose_name=_("bedrift med tilbud"))  # fmt: skip
    svarfrist = models.DateField(_("svarfrist"), null=True, blank=True)
    merknad = models.TextField(_("merknad"), blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name=_("historikk for formidling"),
                                verbose_name_plural=_("historikk for formidlinger"))  # fmt: skip

    class Meta:
        ordering = ["programomrade__navn", "person__etternavn", "person__fornavn"]
        verbose_name = _("formidling")
        verbose_name_plural = _("formidlinger")
        constraints = [
            models.UniqueConstraint(fields=["person", "fylke", "skolear", "programomrade"], name="en_formidling_per_fag"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["fylke", "skolear", "programomrade", "status"], name="formidling_tavle"),
            models.Index(fields=["fylke", "person"], name="formidling_fylke_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} – {self.programomrade_id} ({self.get_status_display()})"


class Formidlingstilbud(models.Model):
    """The county sent the applicant to a company; the company answers (it decides whom it takes)."""

    class Svar(models.TextChoices):
        VENTER = "venter", _("Venter på svar")
        INTERVJU = "intervju", _("Innkalt til intervju")
        TILBUD = "tilbud", _("Tilbyr læreplass")
        NEI = "nei", _("Tar ikke søkeren")
        TRUKKET = "trukket", _("Trukket")

    scoping = Scoping(fylke="formidling__fylke")

    formidling = models.ForeignKey(Formidling, on_delete=models.CASCADE, related_name="tilbud")
    bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, related_name="+")
    sendt = models.DateField(_("sendt"))
    svar = models.CharField(_("svar fra bedrift"), max_length=10, choices=Svar.choices, default=Svar.VENTER)
    svar_dato = models.DateField(_("svardato"), null=True, blank=True)
    merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    registrert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")  # fmt: skip

    class Meta:
        ordering = ["formidling", "sendt", "pk"]
        verbose_name = _("formidling til bedrift")
        verbose_name_plural = _("formidlinger til bedrift")
        constraints = [
            models.UniqueConstraint(fields=["formidling", "bedrift"], name="en_formidling_per_bedrift")
        ]


class Intensjonsavtale(models.Model):
    """A company's declaration of how many it intends to take in a lærefag (intensjonsavtale), or a binding
    pre-agreement with a named candidate (forhåndsavtale, ``person`` set)."""

    class Type(models.TextChoices):
        INTENSJON = "intensjon", _("Intensjonsavtale")
        FORHAND = "forhand", _("Forhåndsavtale")

    class Kilde(models.TextChoices):
        MANUELL = "manuell", _("Registrert enkeltvis")
        FIL = "fil", _("Masseregistrert fra fil")

    scoping = Scoping(fylke="fylke")

    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.INTENSJON)
    bedrift = models.ForeignKey(
        "fagopplaering.Bedrift", on_delete=models.PROTECT, related_name="intensjonsavtaler"
    )
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("skoleår"))  # fmt: skip
    programomrade = models.ForeignKey("kodeverk.Programomrade", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("lærefag"))  # fmt: skip
    antall_laerlinger = models.PositiveSmallIntegerField(_("antall lærlinger"), default=0)
    antall_laerekandidater = models.PositiveSmallIntegerField(_("antall lærekandidater"), default=0)
    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("kandidat (forhåndsavtale)"))  # fmt: skip
    startdato = models.DateField(_("planlagt start"), null=True, blank=True)
    kilde = models.CharField(_("kilde"), max_length=8, choices=Kilde.choices, default=Kilde.MANUELL)
    filnavn = models.CharField(_("fil"), max_length=200, blank=True)
    registrert = models.DateTimeField(_("registrert"), auto_now_add=True)
    registrert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")  # fmt: skip

    class Meta:
        ordering = ["-registrert", "bedrift__navn"]
        verbose_name = _("intensjonsavtale")
        verbose_name_plural = _("intensjonsavtaler")
        indexes = [models.Index(fields=["fylke", "skolear", "programomrade"], name="intensjon_fylke_fag")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.bedrift_id} {self.programomrade_id}"
