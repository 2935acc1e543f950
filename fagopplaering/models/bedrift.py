"""The company register (docs/fagopplaering/bedrift.md): lærebedrifter and opplæringskontor from Enhetsregisteret,
the county's approvals per lærefag (bedriftskurs), opplæringskontor membership, faglige ledere and instruktører.

A company is national (one row per organisasjonsnummer); what a county owns is its approvals, memberships and
contracts, so a county sees a company it has approved, whose office it has approved, or that has a contract with
it, besides the companies in its own kommuner (``scoping`` + links registered in ``FagopplaeringConfig.ready``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kodeverk.models import valider_orgnr
from vigo.scoping import Scoping


class Bedriftstype(models.TextChoices):
    SELVSTENDIG = "selvstendig", _("Selvstendig lærebedrift")
    OPPLAERINGSKONTOR = "opplaeringskontor", _("Opplæringskontor")
    OPPLAERINGSRING = "opplaeringsring", _("Hovedbedrift i opplæringsring")


class Bedrift(models.Model):
    """A company or opplæringskontor, keyed by organisasjonsnummer (C04), with what Enhetsregisteret says of it."""

    scoping = Scoping(fylke="kommune__fylke")

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True, validators=[valider_orgnr])
    navn = models.CharField(_("navn"), max_length=300)
    type = models.CharField(
        _("type"), max_length=20, choices=Bedriftstype.choices, default=Bedriftstype.SELVSTENDIG
    )
    organisasjonsform = models.CharField(_("organisasjonsform"), max_length=10, blank=True)
    adresse = models.CharField(_("forretningsadresse"), max_length=300, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    postadresse = models.CharField(_("postadresse"), max_length=300, blank=True)
    kommune = models.ForeignKey("kodeverk.Kommune", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("kommune"))  # fmt: skip
    naeringskode = models.CharField(_("næringskode (NACE)"), max_length=10, blank=True)
    naeringsnavn = models.CharField(_("næring"), max_length=300, blank=True)
    bransje = models.CharField(_("bransje"), max_length=200, blank=True)
    antall_ansatte = models.PositiveIntegerField(_("antall ansatte"), null=True, blank=True)
    epost = models.EmailField(_("e-post"), blank=True)
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    kontaktperson = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    slettet_i_er = models.DateField(_("slettet i Enhetsregisteret"), null=True, blank=True)
    konkurs = models.BooleanField(_("konkurs eller under avvikling"), default=False)
    oppdatert_fra_er = models.DateTimeField(_("sist hentet fra Enhetsregisteret"), null=True, blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name=_("historikk for bedrift"),
                                verbose_name_plural=_("historikk for bedrifter"))  # fmt: skip

    class Meta:
        ordering = ["navn"]
        verbose_name = _("bedrift")
        verbose_name_plural = _("bedrifter")
        indexes = [models.Index(fields=["kommune", "navn"], name="bedrift_kommune_navn")]

    def __str__(self) -> str:
        return f"{self.navn} ({self.orgnr})"


class Godkjenning(models.Model):
    """The county's approval of a company for one lærefag («bedriftskurs», old forskrift § 11-1; ol-2023 § 7-6).

    Withdrawal keeps the row: ``trukket_dato`` and the reason, so the history of what was approved when stays."""

    class Status(models.TextChoices):
        GODKJENT = "godkjent", _("Godkjent")
        TRUKKET = "trukket", _("Godkjenning trukket tilbake")

    scoping = Scoping(fylke="fylke")

    bedrift = models.ForeignKey(Bedrift, on_delete=models.PROTECT, related_name="godkjenninger")
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    programomrade = models.ForeignKey("kodeverk.Programomrade", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("lærefag"))  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GODKJENT)
    godkjent_fra = models.DateField(_("godkjent fra"))
    godkjent_til = models.DateField(_("godkjent til"), null=True, blank=True)
    begrenset = models.BooleanField(_("begrenset godkjenning"), default=False,
                                    help_text=_("Kan bare ta lærekandidater, eller må være med i et opplæringskontor."))  # fmt: skip
    vilkar = models.TextField(_("vilkår"), blank=True)
    vedtak_ref = models.CharField(_("vedtak (saksnummer)"), max_length=50, blank=True)
    vis_pa_vilbli = models.BooleanField(_("vis på vilbli.no"), default=True)
    trukket_dato = models.DateField(_("trukket tilbake"), null=True, blank=True)
    trukket_grunn = models.TextField(_("grunn for tilbaketrekking"), blank=True)
    godkjent_av = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")  # fmt: skip
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name=_("historikk for godkjenning"),
                                verbose_name_plural=_("historikk for godkjenninger"))  # fmt: skip

    class Meta:
        ordering = ["bedrift__navn", "programomrade__kode", "-godkjent_fra"]
        verbose_name = _("godkjenning")
        verbose_name_plural = _("godkjenninger")
        constraints = [
            models.UniqueConstraint(fields=["bedrift", "fylke", "programomrade"],
                                    condition=models.Q(status="godkjent"), name="en_gyldig_godkjenning_per_fag"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["fylke", "programomrade", "status"], name="godkjenning_fylke_fag")]

    def __str__(self) -> str:
        return f"{self.bedrift.navn} – {self.programomrade.navn}"

    def gyldig_pa(self, dato) -> bool:
        return (
            self.status == self.Status.GODKJENT
            and self.godkjent_fra <= dato
            and (self.godkjent_til is None or dato <= self.godkjent_til)
        )


class Medlemskap(models.Model):
    """A medlemsbedrift in an opplæringskontor (the office is the lærebedrift; the member must be approved too)."""

    scoping = Scoping(fylke="fylke")

    opplaeringskontor = models.ForeignKey(Bedrift, on_delete=models.PROTECT, related_name="medlemmer",
                                          verbose_name=_("opplæringskontor"))  # fmt: skip
    medlem = models.ForeignKey(Bedrift, on_delete=models.PROTECT, related_name="medlemskap",
                               verbose_name=_("medlemsbedrift"))  # fmt: skip
    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    samarbeidsavtale = models.BooleanField(_("samarbeidsavtale mottatt"), default=False)
    opprettet = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historikk for medlemskap"),
                                verbose_name_plural=_("historikk for medlemskap"))  # fmt: skip

    class Meta:
        ordering = ["opplaeringskontor__navn", "medlem__navn"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["opplaeringskontor", "medlem"], condition=models.Q(til__isnull=True),
                                    name="ett_aktivt_medlemskap"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.medlem.navn} i {self.opplaeringskontor.navn}"


class Opplaeringsansvarlig(models.Model):
    """A faglig leder or instruktør for an approval (docs/fagopplaering/domene.md §1.2). Not a vigo.Person: they are the
    company's staff, registered with what the contract form asks (fødselsdato, name, e-post)."""

    class Rolle(models.TextChoices):
        FAGLIG_LEDER = "faglig_leder", _("Faglig leder")
        INSTRUKTOR = "instruktor", _("Instruktør")

    scoping = Scoping(fylke="godkjenning__fylke")

    godkjenning = models.ForeignKey(Godkjenning, on_delete=models.PROTECT, related_name="ansvarlige")
    rolle = models.CharField(_("rolle"), max_length=12, choices=Rolle.choices)
    fornavn = models.CharField(_("fornavn"), max_length=100)
    etternavn = models.CharField(_("etternavn"), max_length=100)
    fodselsdato = models.DateField(_("fødselsdato"), null=True, blank=True)
    epost = models.EmailField(_("e-post"), blank=True)
    mobil = models.CharField(_("mobil"), max_length=20, blank=True)
    kompetanse = models.CharField(_("kompetanse"), max_length=300, blank=True,
                                  help_text=_("F.eks. fagbrev i faget, mesterbrev eller relevant høyere utdanning."))  # fmt: skip
    kurs_fullfort = models.DateField(_("kurs for faglig leder fullført"), null=True, blank=True)
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords(verbose_name=_("historikk for faglig leder/instruktør"),
                                verbose_name_plural=_("historikk for faglige ledere/instruktører"))  # fmt: skip

    class Meta:
        ordering = ["godkjenning", "rolle", "etternavn", "fornavn"]
        verbose_name = _("faglig leder eller instruktør")
        verbose_name_plural = _("faglige ledere og instruktører")

    def __str__(self) -> str:
        return f"{self.fornavn} {self.etternavn} ({self.get_rolle_display()})"
