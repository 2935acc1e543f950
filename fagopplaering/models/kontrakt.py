"""Contracts (lærekontrakt, opplæringskontrakt, … C13) with their avbrudd and pending changes
(docs/fagopplaering/kontrakt.md; ol-2023 §§ 7-2–7-4). The states are declared in ``fagopplaering.regler.kontrakt``;
læretid til (C06) is computed by ``fagopplaering.regler.laeretid`` and stored so lists and jobs can filter on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


class Opplaeringsmodell(models.TextChoices):
    TO_PLUSS_TO = "2+2", _("2+2 (to år i skole, to år i bedrift)")
    EN_PLUSS_TRE = "1+3", _("1+3")
    TRE_PLUSS_EN = "3+1", _("3+1")
    VEKSLING = "veksling", _("Vekslingsmodell")
    BEDRIFT = "bedrift", _("Hele opplæringen i bedrift")
    ANNEN = "annen", _("Annen modell godkjent av fylket")


class Kontrakt(models.Model):
    class Status(models.TextChoices):
        OPPRETTET = "opprettet", _("Opprettet")
        TIL_GODKJENNING = "til_godkjenning", _("Til godkjenning")
        GODKJENT = "godkjent", _("Godkjent")
        AVSLUTTET = "avsluttet", _("Avsluttet")
        ANNULLERT = "annullert", _("Annullert")

    class Avslutningsmate(models.TextChoices):
        OPPSAGT = "oppsagt", _("Oppsagt etter avtale (§ 7-3 første ledd)")
        HEVET = "hevet", _("Hevet av fylket (§ 7-3 andre ledd)")
        ARBEIDSAVTALE = "arbeidsavtale", _("Arbeidsavtalen sagt opp i prøvetiden (§ 7-4)")
        PROVE = "prove", _("Prøve avlagt")
        UTLOPT = "utlopt", _("Læretiden utløpt")
        OVERFORT = "overfort", _("Overført til ny kontrakt")

    scoping = Scoping(fylke="fylke")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("kontraktseier (C01)"))  # fmt: skip
    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="kontrakter")
    hjemfylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("hjemstedsfylke (C03)"))  # fmt: skip
    kontraktstype = models.ForeignKey("fagopplaering.Kontraktstype", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("kontraktstype (C13)"))  # fmt: skip
    programomrade = models.ForeignKey("kodeverk.Programomrade", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("lærefag"))  # fmt: skip
    bedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, related_name="kontrakter",
                                verbose_name=_("lærebedrift (C04)"))  # fmt: skip
    medlemsbedrift = models.ForeignKey("fagopplaering.Bedrift", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="kontrakter_som_medlem", verbose_name=_("medlemsbedrift"))  # fmt: skip
    godkjenning = models.ForeignKey("fagopplaering.Godkjenning", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="kontrakter")  # fmt: skip
    faglig_leder = models.ForeignKey("fagopplaering.Opplaeringsansvarlig", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="kontrakter", verbose_name=_("faglig leder"))  # fmt: skip
    formidling = models.ForeignKey("fagopplaering.Formidling", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="kontrakter")  # fmt: skip
    forrige = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="neste",
                                verbose_name=_("forrige kontrakt"))  # fmt: skip
    opplaeringsmodell = models.CharField(_("opplæringsmodell"), max_length=10, choices=Opplaeringsmodell.choices,
                                         default=Opplaeringsmodell.TO_PLUSS_TO)  # fmt: skip
    laeretid_fra = models.DateField(_("læretid fra (C05)"))
    netto_laeretid_mnd = models.PositiveSmallIntegerField(_("netto læretid i måneder (C16)"))
    netto_opplaeringstid_mnd = models.PositiveSmallIntegerField(_("netto opplæringstid i måneder (C18)"),
                                                                null=True, blank=True)  # fmt: skip
    laeretid_til = models.DateField(_("læretid til (C06)"), editable=False)
    godskriving_mnd = models.PositiveSmallIntegerField(_("godskrevet (måneder)"), default=0)
    godskriving_merknad = models.CharField(_("godskriving dokumentert med"), max_length=300, blank=True)
    arbeidsavtale_ref = models.CharField(_("arbeidsavtale"), max_length=100, blank=True)
    tilleggsvilkar = models.TextField(_("tilleggsvilkår"), blank=True)
    ungdomsrett = models.BooleanField(_("ungdomsrett ved start"), default=True,
                                      help_text=_("Avgjør basistilskudd I eller II."))  # fmt: skip
    tilskudd = models.BooleanField(_("gir tilskudd"), default=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPPRETTET)
    godkjent_dato = models.DateField(_("godkjent dato (C14)"), null=True, blank=True)
    godkjent_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    avsluttet_dato = models.DateField(_("kontrakt avsluttet dato (C10)"), null=True, blank=True)
    avslutningskode = models.ForeignKey("fagopplaering.Avslutningskode", on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+", verbose_name=_("avslutningskode (C12)"))  # fmt: skip
    hevet_av = models.ForeignKey("fagopplaering.HevetAv", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("hevet av (C11)"))  # fmt: skip
    avslutningsmate = models.CharField(_("avsluttet ved"), max_length=14, choices=Avslutningsmate.choices,
                                       blank=True)  # fmt: skip
    muntlig_hort = models.DateField(_("lærlingen hørt muntlig"), null=True, blank=True,
                                    help_text=_("Før heving på lærebedriftens krav (§ 7-3 tredje ledd)."))  # fmt: skip
    attest_utstedt = models.BooleanField(_("attest utstedt"), default=False)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name=_("historikk for kontrakt"),
                                verbose_name_plural=_("historikk for kontrakter"))  # fmt: skip

    class Meta:
        ordering = ["-laeretid_fra", "pk"]
        verbose_name = _("kontrakt")
        verbose_name_plural = _("kontrakter")
        indexes = [
            models.Index(fields=["fylke", "status", "laeretid_til"], name="kontrakt_fylke_status"),
            models.Index(fields=["fylke", "programomrade"], name="kontrakt_fylke_fag"),
            models.Index(fields=["bedrift", "status"], name="kontrakt_bedrift"),
            models.Index(fields=["medlemsbedrift"], name="kontrakt_medlem"),
            models.Index(fields=["fylke", "person"], name="kontrakt_fylke_person"),
        ]

    def __str__(self) -> str:
        return f"{self.kontraktstype_id} {self.programomrade_id} {self.laeretid_fra:%d.%m.%Y}"


class Avbrudd(models.Model):
    """An interruption of the læretid (C07–C08); an open one (``til`` empty) covers every later day."""

    class Arsak(models.TextChoices):
        SYKDOM = "sykdom", _("Sykdom")
        PERMISJON = "permisjon", _("Permisjon")
        FORELDREPERMISJON = "foreldre", _("Foreldrepermisjon")
        VERNEPLIKT = "verneplikt", _("Verneplikt")
        FRAVAER = "fravaer", _("Fravær over 14 dager")
        ANNET = "annet", _("Annet")

    scoping = Scoping(fylke="kontrakt__fylke")

    kontrakt = models.ForeignKey(Kontrakt, on_delete=models.CASCADE, related_name="avbrudd")
    fra = models.DateField(_("avbrudd fra (C07)"))
    til = models.DateField(_("avbrudd til (C08)"), null=True, blank=True)
    arsak = models.CharField(_("årsak"), max_length=10, choices=Arsak.choices, default=Arsak.ANNET)
    merknad = models.CharField(_("merknad"), max_length=300, blank=True)
    registrert_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")  # fmt: skip
    registrert = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historikk for avbrudd"),
                                verbose_name_plural=_("historikk for avbrudd"))  # fmt: skip

    class Meta:
        ordering = ["kontrakt", "fra"]
        verbose_name = _("avbrudd")
        verbose_name_plural = _("avbrudd")
        constraints = [
            models.CheckConstraint(condition=models.Q(til__isnull=True) | models.Q(til__gte=models.F("fra")),
                                   name="avbrudd_til_etter_fra"),
        ]  # fmt: skip


class Kontraktendring(models.Model):
    """A change to an approved contract, waiting for the county's consent (ol-2023 § 7-2 andre ledd)."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Venter på godkjenning")
        GODKJENT = "godkjent", _("Godkjent")
        AVVIST = "avvist", _("Avvist")

    scoping = Scoping(fylke="kontrakt__fylke")

    kontrakt = models.ForeignKey(Kontrakt, on_delete=models.CASCADE, related_name="endringer")
    felt = models.JSONField(_("endrede felt"), help_text=_("Feltnavn → ny verdi."))
    begrunnelse = models.TextField(_("begrunnelse"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VENTER)
    foreslatt_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")  # fmt: skip
    foreslatt = models.DateTimeField(auto_now_add=True)
    behandlet_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")  # fmt: skip
    behandlet = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-foreslatt"]
        verbose_name = _("kontraktendring")
        verbose_name_plural = _("kontraktendringer")
