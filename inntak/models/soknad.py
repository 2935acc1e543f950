"""Søknader (applications) with ordered ønsker, the caseworker's vedtak and the case log.

Why these fields: the intake engine orders applicants by priority group, which needs rettstatus, young/adult
(``voksen``: turns 25 in the application year, docs/regler/regler-2006.md §3.2), full/part time (``deltid``) and gjesteelev
(``hjemfylke`` ≠ ``fylke``); fortrinn/individuell cases enter the engine as a fixed place from the Vedtak.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kodeverk.models import Behandlingskategori
from kodeverk.niva import Inntaksniva
from vigo.scoping import Scoping


class SoknadStatus(models.TextChoices):
    # Made by 5A006 from the pupil's elevkurs; not in any intake run until the applicant (or a caseworker) sends it.
    PREUTFYLT = "preutfylt", _("Preutfylt, ikke sendt")
    REGISTRERT = "registrert", _("Registrert")
    KLAR = "klar", _("Klar for inntak")
    TILDELT = "tildelt", _("Tildelt plass")
    TRUKKET = "trukket", _("Trukket")


# The allowed status changes, as a table (services.endre_status checks it).
OVERGANGER: dict[str, set[str]] = {
    SoknadStatus.PREUTFYLT: {SoknadStatus.REGISTRERT, SoknadStatus.TRUKKET},
    SoknadStatus.REGISTRERT: {SoknadStatus.KLAR, SoknadStatus.TRUKKET},
    SoknadStatus.KLAR: {SoknadStatus.REGISTRERT, SoknadStatus.TILDELT, SoknadStatus.TRUKKET},
    SoknadStatus.TILDELT: set(),
    SoknadStatus.TRUKKET: set(),
}


class Rettstatus(models.TextChoices):
    UNGDOMSRETT = "ungdomsrett", _("Ungdomsrett")
    VOKSENRETT = "voksenrett", _("Voksenrett")
    UTEN_RETT = "uten_rett", _("Uten rett")


class Sokergruppe(models.TextChoices):
    ORDINAER = "ordinaer", _("Ordinær søker fra grunnskole/vgs")
    PRIVATSKOLE = "privatskole", _("Søker fra privat skole")
    UTLAND = "utland", _("Søker med utdanning fra utlandet")
    HJEMMEUNDERVIST = "hjemmeundervist", _("Hjemmeundervist")
    VOKSEN = "voksen", _("Voksen søker")


Niva = Inntaksniva  # the intake levels; one home in kodeverk.niva


VOKSEN_FRA_ALDER = 25


class Inntakstype(models.TextChoices):
    ORDINAER = "ordinar", _("Ordinært inntak (kapittel 4)")
    VOKSEN = "voksen", _("Inntak av voksne (kapittel 13)")


class VoksenrettHjemmel(models.TextChoices):
    """The grounds that order adult intake (opplæringsforskrifta § 13-4)."""

    INGEN = "", _("Uten rett")
    RETT_18_3 = "18-3", _("Rett til videregående opplæring for voksne (opplæringslova § 18-3)")
    RETT_18_6 = "18-6", _("Rett etter opplæringslova § 18-6")
    REKVALIFISERING = "18-4", _("Yrkesfaglig rekvalifisering (opplæringslova § 18-4)")
    PABYGGING = "18-7", _("Påbygging til generell studiekompetanse (opplæringslova § 18-7)")


class Soknad(models.Model):
    """One applicant's application for one school year in one county."""

    scoping = Scoping(fylke="fylke", skole="onsker__tilbud__skole")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="soknader")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="soknader")
    fylke = models.ForeignKey(
        "kodeverk.Fylke",
        on_delete=models.PROTECT,
        related_name="inntak_soknader",
        help_text=_("Fylket som behandler søknaden."),
    )
    hjemfylke = models.ForeignKey(
        "kodeverk.Fylke",
        on_delete=models.PROTECT,
        related_name="inntak_soknader_hjemfylke",
        help_text=_("Fylket søkeren bor i; et annet fylke enn det som behandler søknaden gir gjesteelev."),
    )
    niva = models.CharField(_("nivå"), max_length=3, choices=Niva.choices)
    rettstatus = models.CharField(_("rettstatus"), max_length=12, choices=Rettstatus.choices)
    sokergruppe = models.CharField(
        _("søkergruppe"), max_length=16, choices=Sokergruppe.choices, default=Sokergruppe.ORDINAER
    )
    behandlingskategori = models.ForeignKey(
        "kodeverk.Behandlingskategori", on_delete=models.PROTECT, related_name="inntak_soknader"
    )
    deltid = models.BooleanField(_("deltid"), default=False)
    # Opplæringsforskrifta 2024 § 4-14 tredje ledd and § 4-8 andre ledd (docs/regler.md, «Opplæringsforskrifta 2024»): what ranks an
    # applicant from another county before the others, or as the county's own. Ignored by the 2006 rule sets.
    saerlige_grunner = models.BooleanField(
        _("særlige pedagogiske eller sosiale grunner"), default=False, db_default=False,
        help_text=_("Dokumentert; gir forrang blant søkere fra andre fylker (§ 4-14 tredje ledd)."),
    )  # fmt: skip
    samisk = models.BooleanField(
        _("rett til opplæring i eller på samisk"), default=False, db_default=False,
        help_text=_("Må gå på skole i et annet fylke for å få samisk opplæring (§ 4-14 tredje ledd)."),
    )  # fmt: skip
    flytting_dokumentert = models.BooleanField(
        _("dokumentert flytting til fylket"), default=False, db_default=False,
        help_text=_("Regnes som søker fra fylket selv om folkeregisteradressen er i et annet fylke (§ 4-8)."),
    )  # fmt: skip
    # Opplæringsforskrifta 2024 kapittel 13: adults apply all year to the county's adult tilbud and are placed
    # as places free up, without waitlists (§ 13-3); the order is § 13-4 (docs/regler.md, «Inntak av voksne»).
    inntakstype = models.CharField(
        _("inntakstype"),
        max_length=8,
        choices=Inntakstype.choices,
        default=Inntakstype.ORDINAER,
        db_default=Inntakstype.ORDINAER,
    )
    voksenrett_hjemmel = models.CharField(
        _("grunnlag for voksenopplæring"), max_length=14, choices=VoksenrettHjemmel.choices, default="", db_default="",
        blank=True, help_text=_("Bare for inntak av voksne (opplæringsforskrifta § 13-4)."),
    )  # fmt: skip
    komplett = models.DateTimeField(
        _("komplett søknad mottatt"), null=True, blank=True,
        help_text=_("Ved inntak av voksne går den som kom først med komplett søknad foran innen samme gruppe."),
    )  # fmt: skip
    voksen = models.BooleanField(
        _("voksen"), default=False, editable=False, help_text=_("Fyller 25 år eller mer i søknadsåret.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SoknadStatus.choices, default=SoknadStatus.REGISTRERT
    )
    registrert = models.DateTimeField(_("registrert"), auto_now_add=True)
    endret = models.DateTimeField(_("endret"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-skolear__kode", "person__etternavn", "person__fornavn"]
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        constraints = [
            models.UniqueConstraint(fields=["person", "skolear", "fylke"], name="en_soknad_per_ar_og_fylke"),
        ]
        indexes = [
            models.Index(fields=["fylke", "skolear", "niva"]),
            # Scoping of Person: the persons applying in a county, index-only (inntak.personfane).
            models.Index(fields=["fylke", "person"], name="soknad_fylke_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_niva_display()} {self.skolear.kode}"

    def save(self, *args, **kwargs):
        self.voksen = er_voksen(self.person.fodselsdato.year, self.skolear.startar)
        super().save(*args, **kwargs)

    @property
    def gjesteelev(self) -> bool:
        return self.hjemfylke_id != self.fylke_id

    @property
    def heltid(self) -> bool:
        return not self.deltid

    @property
    def gruppe(self) -> str:
        """ordinaer / fortrinn / individuell (from the behandlingskategori)."""
        return self.behandlingskategori.gruppe

    @property
    def trenger_vedtak(self) -> bool:
        return self.gruppe in (Behandlingskategori.Gruppe.FORTRINN, Behandlingskategori.Gruppe.INDIVIDUELL)


def er_voksen(fodselsar: int, soknadsar: int) -> bool:
    """A person who turns 25 in the calendar year of application counts as an adult (docs/regler/regler-2006.md §3.2, [S-U61])."""
    return soknadsar - fodselsar >= VOKSEN_FRA_ALDER


class Onske(models.Model):
    """One ranked wish. ``nr`` is 1-based; the order is binding (docs/regler/regler-2006.md §3.6)."""

    scoping = Scoping(fylke="soknad__fylke", skole="tilbud__skole")

    soknad = models.ForeignKey(Soknad, on_delete=models.CASCADE, related_name="onsker")
    tilbud = models.ForeignKey("inntak.Tilbud", on_delete=models.PROTECT, related_name="onsker")
    nr = models.PositiveSmallIntegerField(_("ønske nr."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["soknad", "nr"]
        verbose_name = _("ønske")
        verbose_name_plural = _("ønsker")
        constraints = [
            # Deferred so two wishes can swap numbers inside one transaction.
            models.UniqueConstraint(
                fields=["soknad", "nr"], name="unikt_onskenr", deferrable=models.Deferrable.DEFERRED
            ),
            models.UniqueConstraint(fields=["soknad", "tilbud"], name="ikke_samme_tilbud_to_ganger"),
        ]

    def __str__(self) -> str:
        return f"{self.nr}. {self.tilbud}"


class Vedtak(models.Model):
    """A caseworker's decision in a fortrinn/individuell case: a fixed place, or rejection (ordinary intake)."""

    scoping = Scoping(fylke="soknad__fylke", skole="fast_plass__skole")

    class Utfall(models.TextChoices):
        INNVILGET = "innvilget", _("Innvilget – fast plass")
        AVSLATT = "avslatt", _("Avslått – ordinært inntak")

    soknad = models.OneToOneField(Soknad, on_delete=models.CASCADE, related_name="vedtak")
    utfall = models.CharField(_("utfall"), max_length=10, choices=Utfall.choices, default=Utfall.INNVILGET)
    fast_plass = models.ForeignKey(
        "inntak.Tilbud",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vedtak_fast_plass",
        verbose_name=_("fast plass"),
    )
    begrunnelse = models.TextField(_("begrunnelse"))
    hjemmel = models.CharField(_("hjemmel"), max_length=100, blank=True)
    fattet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fattet = models.DateTimeField(_("fattet"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(utfall="innvilget") | models.Q(fast_plass__isnull=False),
                name="innvilget_vedtak_har_fast_plass",
            )
        ]

    def __str__(self) -> str:
        return f"Vedtak for {self.soknad}: {self.get_utfall_display()}"


def vedtak_filsti(instance: VedtakDokument, filnavn: str) -> str:
    # Never under a public URL: documents are served only by the view that checks vigo.saertilgang.
    return f"inntak/vedtak/{instance.vedtak.soknad.fylke.nummer}/{instance.vedtak_id}/{filnavn}"


class VedtakDokument(models.Model):
    """Documentation behind a vedtak (sakkyndig vurdering etc.): sensitive, særtilgang only."""

    scoping = Scoping(fylke="vedtak__soknad__fylke")

    vedtak = models.ForeignKey(Vedtak, on_delete=models.CASCADE, related_name="dokumenter")
    fil = models.FileField(_("fil"), upload_to=vedtak_filsti, max_length=300)
    navn = models.CharField(_("navn"), max_length=200)
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lastet_opp = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("vedtaksdokument")
        verbose_name_plural = _("vedtaksdokumenter")

    def __str__(self) -> str:
        return self.navn


class Saksbehandlingslogg(models.Model):
    """What happened to a søknad, in the caseworker's words; written by every service in the same transaction."""

    scoping = Scoping(fylke="soknad__fylke", skole="soknad__onsker__tilbud__skole")

    soknad = models.ForeignKey(Soknad, on_delete=models.CASCADE, related_name="logg")
    tidspunkt = models.DateTimeField(auto_now_add=True, db_index=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handling = models.CharField(_("handling"), max_length=30)
    tekst = models.TextField(_("tekst"))

    class Meta:
        ordering = ["-tidspunkt", "-id"]
        verbose_name = _("saksbehandlingslogg")
        verbose_name_plural = _("saksbehandlingslogg")

    def __str__(self) -> str:
        return f"{self.tidspunkt:%d.%m.%Y %H:%M} {self.handling}: {self.tekst}"
