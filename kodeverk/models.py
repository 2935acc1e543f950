"""Code registers shared by every app (VIGO Kodeverksbase; see docs in docs/grensesnitt.md §2-§7)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.no import orgnr as stdnum_orgnr

from kodeverk.niva import Niva
from vigo.scoping import Scoping


def valider_orgnr(verdi: str) -> None:
    """Organisasjonsnummer (9 digits, mod 11), and NSR's U-ids for schools abroad."""
    if verdi and verdi.startswith("U") and verdi[1:].isdigit() and len(verdi) == 9:
        return
    if not stdnum_orgnr.is_valid(verdi or ""):
        raise ValidationError(
            _("«%(verdi)s» er ikke et gyldig organisasjonsnummer (9 siffer med riktig kontrollsiffer)."),
            params={"verdi": verdi},
            code="ugyldig_orgnr",
        )


class Kode(models.Model):
    """A simple code list entry: code, name, active. Most VIGO code lists have this shape."""

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    navn = models.CharField(_("navn"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        abstract = True
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.navn}"


class Fylke(models.Model):
    nummer = models.CharField(
        _("fylkesnummer"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    navn = models.CharField(_("navn"), max_length=100)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    # Intake parameters the county administrator sets (the regulation leaves them to the county).
    maks_onsker = models.PositiveSmallIntegerField(_("maks antall ønsker"), default=6)
    tillat_venteliste_ved_ja = models.BooleanField(_("tillat «ja og stå på venteliste»"), default=True)

    class Meta:
        ordering = ["nummer"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return f"{self.nummer} {self.navn}"


class Kommune(models.Model):
    nummer = models.CharField(
        _("kommunenummer"), max_length=4, unique=True, validators=[RegexValidator(r"^\d{4}$")]
    )
    navn = models.CharField(_("navn"), max_length=100)
    fylke = models.ForeignKey(Fylke, on_delete=models.PROTECT, related_name="kommuner")

    class Meta:
        ordering = ["nummer"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.nummer} {self.navn}"


class Postnummer(models.Model):
    nummer = models.CharField(
        _("postnummer"), max_length=4, unique=True, validators=[RegexValidator(r"^\d{4}$")]
    )
    poststed = models.CharField(_("poststed"), max_length=100)
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, null=True, blank=True, related_name="postnumre"
    )

    class Meta:
        ordering = ["nummer"]
        verbose_name = _("postnummer")
        verbose_name_plural = _("postnumre")

    def __str__(self) -> str:
        return f"{self.nummer} {self.poststed}"


class Skole(models.Model):
    scoping = Scoping(fylke="fylke", skole="pk")

    class Eiertype(models.IntegerChoices):
        FYLKE = 1, _("Fylke")
        STAT = 2, _("Stat")
        KOMMUNE = 3, _("Kommune")
        PRIVAT = 4, _("Privat")

    skolenummer = models.CharField(
        _("VIGO skolenummer"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("5 siffer."))],
    )
    organisasjonsnummer = models.CharField(_("organisasjonsnummer"), max_length=9, validators=[valider_orgnr])
    navn = models.CharField(_("navn"), max_length=200)
    fylke = models.ForeignKey(Fylke, on_delete=models.PROTECT, related_name="skoler")
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, null=True, blank=True, related_name="skoler"
    )
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    nettside = models.CharField(_("nettside"), max_length=200, blank=True)
    skoleeiertype = models.PositiveSmallIntegerField(_("skoleeiertype"), choices=Eiertype.choices, default=1)
    privat = models.BooleanField(_("privatskole"), default=False)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for skole"), verbose_name_plural=_("historikk for skoler")
    )

    class Meta:
        ordering = ["skolenummer"]
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")

    def __str__(self) -> str:
        return f"{self.skolenummer} {self.navn}"


class Utdanningsprogram(models.Model):
    kode = models.CharField(_("kode"), max_length=2, unique=True)
    navn = models.CharField(_("navn"), max_length=200)
    studieforberedende = models.BooleanField(_("studieforberedende"), default=False)
    gyldig_fra = models.DateField(_("gyldig fra"), null=True, blank=True)
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("utdanningsprogram")
        verbose_name_plural = _("utdanningsprogram")

    def __str__(self) -> str:
        return f"{self.kode} {self.navn}"


def navn_i(sprak: str | None, navn: str, navn_nn: str = "", navn_en: str = "") -> str:
    """A code's name in language ``sprak`` (``nn``, ``en``), falling back to bokmål when Grep has none."""
    return {"nn": navn_nn, "en": navn_en}.get((sprak or "nb")[:2], "") or navn


class Programomrade(models.Model):
    kode = models.CharField(
        _("programområdekode"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9]{6}[A-Z0-9-]{4}$", _("10 tegn: 6 fra Grep og 4 variant-tegn."))
        ],
    )
    navn = models.CharField(_("navn (bokmål)"), max_length=300)
    navn_nn = models.CharField(_("navn (nynorsk)"), max_length=300, blank=True)
    navn_en = models.CharField(_("navn (engelsk)"), max_length=300, blank=True)
    niva = models.CharField(_("nivå"), max_length=4, choices=Niva.choices)
    utdanningsprogram = models.ForeignKey(
        Utdanningsprogram, on_delete=models.PROTECT, related_name="programomrader", null=True, blank=True
    )
    gyldig_fra = models.DateField(_("gyldig fra"), null=True, blank=True)
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)
    poengberegnes = models.BooleanField(_("poengberegnes"), default=True)
    arstimer = models.PositiveSmallIntegerField(
        _("årstimer"),
        null=True,
        blank=True,
        help_text=_("Timer i året etter fag- og timefordelingen (kursprosent)."),
    )
    landslinje = models.BooleanField(_("kan være landslinje"), default=False)
    history = HistoricalRecords(verbose_name=_("historikk for programområde"),
                                verbose_name_plural=_("historikk for programområder"))  # fmt: skip

    class Meta:
        ordering = ["kode"]
        verbose_name = _("programområde")
        verbose_name_plural = _("programområder")

    def __str__(self) -> str:
        return f"{self.kode} {self.navn}"

    @property
    def vist_navn(self) -> str:
        """The name in the active language where Grep has it (nynorsk, English), else bokmål: what the applicant
        portal shows (``navn_i``)."""
        return navn_i(get_language(), self.navn, self.navn_nn, self.navn_en)

    def gyldig_pa(self, dato) -> bool:
        return (self.gyldig_fra is None or self.gyldig_fra <= dato) and (
            self.gyldig_til is None or dato <= self.gyldig_til
        )


class Fagtype(Kode):
    class Meta(Kode.Meta):
        verbose_name = _("fagtype")
        verbose_name_plural = _("fagtyper")


class Fag(models.Model):
    kode = models.CharField(
        _("fagkode"), max_length=10, unique=True, validators=[RegexValidator(r"^[A-Z]{3}[0-9A-Z]{4}$")]
    )
    navn = models.CharField(_("navn (bokmål)"), max_length=300)
    navn_nn = models.CharField(_("navn (nynorsk)"), max_length=300, blank=True)
    fagtype = models.ForeignKey(Fagtype, on_delete=models.PROTECT, null=True, blank=True, related_name="fag")
    grunnskole = models.BooleanField(_("grunnskolefag"), default=False)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    # Kursprosent (docs/elev.md §3): the fag's yearly hours from Grep (60-minute hours), and whether registered
    # elevtimer replace them («Elevtimer er grunnlag for kurs%», Regbok B09).
    arstimer = models.PositiveSmallIntegerField(_("årstimer (Grep)"), null=True, blank=True)
    elevtimer_grunnlag = models.BooleanField(_("elevtimer er grunnlag for kursprosent"), default=False)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("fag")
        verbose_name_plural = _("fag")

    def __str__(self) -> str:
        return f"{self.kode} {self.navn}"


class Karakterverdi(models.Model):
    """A grade code (Regbok B26). ``tallverdi`` is None where the code carries no number (IV, F, D, ...)."""

    kode = models.CharField(_("kode"), max_length=4, unique=True)
    navn = models.CharField(_("navn"), max_length=100)
    tallverdi = models.DecimalField(_("tallverdi"), max_digits=3, decimal_places=1, null=True, blank=True)
    skala = models.CharField(_("skala"), max_length=20, default="tall")

    class Meta:
        ordering = ["kode"]
        verbose_name = _("karakterverdi")
        verbose_name_plural = _("karakterverdier")

    def __str__(self) -> str:
        return f"{self.kode} {self.navn}"


class Fagstatus(Kode):
    class Meta(Kode.Meta):
        verbose_name = _("fagstatus")
        verbose_name_plural = _("fagstatuser")


class Elevstatus(Kode):
    class Meta(Kode.Meta):
        verbose_name = _("elevstatus")
        verbose_name_plural = _("elevstatuser")


class Behandlingskategori(Kode):
    """How an application is handled: ordinary, fortrinn (§6-15...) or individuell behandling (§6-22...)."""

    class Gruppe(models.TextChoices):
        ORDINAER = "ordinaer", _("Ordinær")
        FORTRINN = "fortrinn", _("Fortrinnsrett")
        INDIVIDUELL = "individuell", _("Individuell behandling")

    gruppe = models.CharField(_("gruppe"), max_length=12, choices=Gruppe.choices, default=Gruppe.ORDINAER)
    hjemmel = models.CharField(_("hjemmel"), max_length=100, blank=True)
    niva = models.CharField(_("nivå"), max_length=4, choices=Niva.choices, blank=True)

    class Meta(Kode.Meta):
        verbose_name = _("behandlingskategori")
        verbose_name_plural = _("behandlingskategorier")


class Skolear(models.Model):
    """A school year, '2025-2026', running 1 August to 31 July."""

    kode = models.CharField(
        _("skoleår"),
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^\d{4}-\d{4}$", _("Format ÅÅÅÅ-ÅÅÅÅ."))],
    )
    startdato = models.DateField(_("startdato"))
    sluttdato = models.DateField(_("sluttdato"))
    aktiv = models.BooleanField(_("aktivt"), default=False)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("skoleår")
        verbose_name_plural = _("skoleår")

    def __str__(self) -> str:
        return self.kode

    def clean(self) -> None:
        forste, andre = (int(x) for x in self.kode.split("-"))
        if andre != forste + 1:
            raise ValidationError({"kode": _("Skoleåret må gå over to påfølgende år, f.eks. 2025-2026.")})

    @property
    def startar(self) -> int:
        return int(self.kode[:4])
