"""Pupil data from the schools' administration systems (SAS): the student register.

Names follow the FINT utdanning model (docs/grensesnitt.md §1.3): an ``Elevforhold`` ties a person to a school,
programområde and skoleår; ``Elevfag`` is the subject membership with fagstatus (FINT Faggruppemedlemskap);
``Vgskarakter`` is a halvår-, standpunkt- or eksamensvurdering in an upper-secondary subject (FINT Fagvurdering).
Every SAS row is keyed by what the school itself knows (person, skole, skoleår, ...), so bulk upserts are
idempotent; ``endret`` (indexed) drives the change feed of the API.

The tables were created in the core (app label ``vigo``, migration ``vigo.0002``) and moved here with their rows
by ``elev.0001_initial`` (a table rename; index and constraint names are unchanged). The API clients that deliver
them, and ``UkjentNavn`` (a person registered from a fødselsnummer alone), stay in the core.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.scoping import Scoping


# --- SAS data ------------------------------------------------------------------------------------------------
def endringsindekser(navn: str) -> list[models.Index]:
    """The change feed reads in (endret, id) order: per county (all schools) and per school."""
    return [
        models.Index(fields=["endret", "id"], name=f"{navn}_endring"),
        models.Index(fields=["skole", "endret", "id"], name=f"{navn}_skole_endring"),
    ]


class Kilde(models.TextChoices):
    """Where an elevkurs came from; the overwrite rules of the SAS import read it (docs/sas.md)."""

    SAS = "sas", _("SAS-fil")
    API = "api", _("REST-API")
    SOKER = "5A001", _("Overført fra søker (5A001)")
    MANUELL = "4S001", _("Registrert i VIGO (4S001)")


class Bevistype(models.TextChoices):
    VITNEMAL = "VM", _("Vitnemål")
    KOMPETANSEBEVIS = "KB", _("Kompetansebevis")


class Fullfortkode(models.TextChoices):
    """Regbok B21 (docs/elev.md §4)."""

    BESTATT = "B", _("Fullført og bestått")
    IKKE_BESTATT = "I", _("Fullført, ikke bestått")
    MANGLER_GRUNNLAG = "M", _("Ikke fullført, mangler grunnlag for vurdering")
    GRUNNKOMPETANSE = "A", _("Opplæring mot grunnkompetanse (IOP)")
    HOLDER_PA = "H", _("Holder fortsatt på / deltidselev")
    LAERLING = "L", _("L")
    LAEREKANDIDAT = "K", _("K")
    SLUTTET = "S", _("Sluttet/avbrutt")
    BLANK = "X", _("Ikke oppgitt (blank fra SAS)")


class Hovedmal(models.TextChoices):
    BOKMAL = "B", _("Bokmål")
    NYNORSK = "N", _("Nynorsk")
    SAMISK = "S", _("Samisk")


class Elevforhold(models.Model):
    """An elevkurs: a person on one programområde at one school in one skoleår (FINT Elevforhold; VIGO 4S001).

    The fields the school owns come from SAS ($EK) or the REST API; the computed ones (elevstatus, kursprosent,
    rettstype, the 1 October snapshot) are written only by the jobs in ``inntak.elev.services``."""

    scoping = Scoping(fylke="skole__fylke", skole="skole")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="elevforhold")
    skole = models.ForeignKey("kodeverk.Skole", on_delete=models.PROTECT, related_name="elevforhold")
    programomrade = models.ForeignKey(
        "kodeverk.Programomrade",
        on_delete=models.PROTECT,
        related_name="elevforhold",
        verbose_name=_("programområde"),
    )
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="elevforhold",
                                verbose_name=_("skoleår"))  # fmt: skip
    startdato = models.DateField(_("startdato"))
    avbruddsdato = models.DateField(_("avbruddsdato"), null=True, blank=True)
    avbruddsarsak = models.CharField(_("avbruddsårsak"), max_length=100, blank=True)
    elevstatus = models.ForeignKey(
        "kodeverk.Elevstatus", on_delete=models.PROTECT, null=True, blank=True, related_name="elevforhold"
    )
    # --- From the school ($EK, docs/sas.md §3.3) ---
    klasse = models.CharField(_("klasse"), max_length=40, blank=True, db_default="")
    deltid = models.BooleanField(_("deltidselev"), default=False, db_default=False)
    bevistype = models.CharField(
        _("bevistype"), max_length=2, choices=Bevistype.choices, blank=True, db_default=""
    )
    fullfortkode = models.CharField(
        _("fullførtkode"), max_length=1, choices=Fullfortkode.choices, blank=True, db_default="",
        help_text=_("Settes ved skoleslutt. Blank fra SAS blir X."),
    )  # fmt: skip
    fravaer_dager = models.PositiveSmallIntegerField(_("fravær, dager"), null=True, blank=True)
    fravaer_timer = models.PositiveSmallIntegerField(_("fravær, timer"), null=True, blank=True)
    fravaer_dager_totalt = models.PositiveSmallIntegerField(_("fravær totalt, dager"), null=True, blank=True)
    fravaer_timer_totalt = models.PositiveSmallIntegerField(_("fravær totalt, timer"), null=True, blank=True)
    ordenskarakter = models.CharField(_("ordenskarakter"), max_length=2, blank=True, db_default="")
    oppforselskarakter = models.CharField(_("oppførselskarakter"), max_length=2, blank=True, db_default="")
    rettstype_importert = models.CharField(
        _("rettstype (importert)"), max_length=1, blank=True, db_default=""
    )
    voksen = models.BooleanField(
        _("voksen i opplæringstilbud tilpasset voksne"), default=False, db_default=False
    )
    malform = models.CharField(
        _("målform"), max_length=1, choices=Hovedmal.choices, blank=True, db_default=""
    )
    saerskilt_sprak = models.BooleanField(
        _("vedtak om særskilt språkopplæring"), default=False, db_default=False
    )
    rett_pabygging = models.BooleanField(_("rett til påbygging"), default=False, db_default=False)
    fritekst = models.CharField(_("fritekst"), max_length=60, blank=True, db_default="")
    kilde = models.CharField(
        _("kilde"), max_length=10, choices=Kilde.choices, default=Kilde.API, db_default=Kilde.API
    )
    # --- Computed by the jobs (inntak/elev/regler), never typed ---
    elevstatus_manuell = models.ForeignKey(
        "kodeverk.Elevstatus", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("elevstatus satt manuelt"),
        help_text=_("Overstyrer beregningen (Vedlegg 1, regel 1) til den fjernes."),
    )  # fmt: skip
    elevstatus_manuell_grunn = models.CharField(
        _("grunn til manuell elevstatus"), max_length=200, blank=True, db_default=""
    )
    kursprosent = models.DecimalField(_("kursprosent"), max_digits=6, decimal_places=2, null=True, blank=True)
    mangler_elevtimer = models.BooleanField(
        _("mangler elevtimer"), default=False, db_default=False,
        help_text=_("Minst ett fag der elevtimer er påkrevd, mangler elevtimer (kursprosenten blir for lav)."),
    )  # fmt: skip
    rettstype = models.CharField(_("rettstype ved inntak"), max_length=1, blank=True, db_default="")
    beregnet = models.DateTimeField(_("sist beregnet"), null=True, blank=True)
    # --- The 1 October snapshot (docs/elev.md) ---
    forrige_elevstatus = models.CharField(
        _("forrige elevstatus (01.10)"), max_length=1, blank=True, db_default=""
    )
    telledato = models.DateField(_("telledato for forrige elevstatus"), null=True, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for elevkurs"), verbose_name_plural=_("historikk for elevkurs")
    )

    class Meta:
        ordering = ["skolear", "skole", "person"]
        indexes = [
            *endringsindekser("elevforhold"),
            models.Index(fields=["skolear", "skole"], name="elevforhold_ar_skole"),
            models.Index(fields=["person", "skolear"], name="elevforhold_person_ar"),
        ]
        verbose_name = _("elevkurs")
        verbose_name_plural = _("elevkurs")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skole", "skolear", "programomrade"], name="unikt_elevforhold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.skole_id} {self.programomrade_id} {self.skolear_id}"


class Elevfag(models.Model):
    """A pupil's subject at a school in a skoleår, with fagstatus (FINT Faggruppemedlemskap)."""

    scoping = Scoping(fylke="skole__fylke", skole="skole")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="elevfag")
    skole = models.ForeignKey("kodeverk.Skole", on_delete=models.PROTECT, related_name="elevfag")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="elevfag",
                                verbose_name=_("skoleår"))  # fmt: skip
    fag = models.ForeignKey("kodeverk.Fag", on_delete=models.PROTECT, related_name="elevfag")
    fagstatus = models.ForeignKey("kodeverk.Fagstatus", on_delete=models.PROTECT, related_name="elevfag")
    # The elevkurs the line belongs to ($KL key: person, skoleår, skole, programområde). Null only for lines the
    # REST API delivered without a programområde before the register had elevkurs keys.
    elevkurs = models.ForeignKey(
        Elevforhold, on_delete=models.CASCADE, null=True, blank=True, related_name="fag",
        verbose_name=_("elevkurs"),
    )  # fmt: skip
    karakter_t1 = models.CharField(_("karakter termin 1"), max_length=2, blank=True, db_default="")
    karakter_t2 = models.CharField(_("karakter termin 2"), max_length=2, blank=True, db_default="")
    standpunkt = models.CharField(_("standpunkt"), max_length=2, blank=True, db_default="")
    skriftlig = models.CharField(_("skriftlig eksamen"), max_length=2, blank=True, db_default="")
    muntlig = models.CharField(_("muntlig eksamen"), max_length=2, blank=True, db_default="")
    annen = models.CharField(_("annen eksamen"), max_length=2, blank=True, db_default="")
    eksamensform = models.CharField(_("eksamensform"), max_length=2, blank=True, db_default="")
    skole2 = models.ForeignKey(
        "kodeverk.Skole", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("skole 2"),
    )  # fmt: skip
    skolear2 = models.ForeignKey(
        "kodeverk.Skolear", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("skoleår 2"),
    )  # fmt: skip
    startdato = models.DateField(_("startdato"), null=True, blank=True)
    avbruddsdato = models.DateField(_("avbruddsdato"), null=True, blank=True)
    elevtimer = models.PositiveSmallIntegerField(_("elevtimer"), null=True, blank=True)
    termin = models.CharField(_("termin"), max_length=1, blank=True, db_default="")
    fagmerknad = models.CharField(_("fagmerknad (FAM)"), max_length=5, blank=True, db_default="")
    fagmerknad_parameter = models.CharField(
        _("fagmerknad, parameter"), max_length=40, blank=True, db_default=""
    )
    karakterstatus = models.CharField(_("karakterstatus"), max_length=1, blank=True, db_default="")
    fritekst = models.CharField(_("fritekst"), max_length=60, blank=True, db_default="")
    realkompetanse_dato = models.DateField(_("realkompetansevurdert dato"), null=True, blank=True)
    forrige_fagstatus = models.CharField(
        _("forrige fagstatus (01.10)"), max_length=1, blank=True, db_default=""
    )
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for elevfag"), verbose_name_plural=_("historikk for elevfag")
    )

    class Meta:
        ordering = ["skolear", "skole", "person", "fag"]
        indexes = endringsindekser("elevfag")
        verbose_name = _("elevfag")
        verbose_name_plural = _("elevfag")
        constraints = [
            models.UniqueConstraint(fields=["person", "skole", "skolear", "fag"], name="unikt_elevfag"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.fag_id} ({self.fagstatus_id})"


class Vgsvurdering(models.TextChoices):
    """FINT Halvarsfagvurdering, Sluttfagvurdering (standpunkt) and Eksamensvurdering (by exam form)."""

    HALVAR = "halvar", _("Halvårsvurdering")
    STANDPUNKT = "standpunkt", _("Standpunkt")
    EKSAMEN_SKRIFTLIG = "eksamen_skriftlig", _("Skriftlig eksamen")
    EKSAMEN_MUNTLIG = "eksamen_muntlig", _("Muntlig eksamen")
    EKSAMEN_PRAKTISK = "eksamen_praktisk", _("Praktisk eksamen")


class Vgskarakter(models.Model):
    """A grade in an upper-secondary subject given by a school. ``termin`` is 1 or 2 for halvår, else 0."""

    scoping = Scoping(fylke="skole__fylke", skole="skole")

    person = models.ForeignKey("vigo.Person", on_delete=models.PROTECT, related_name="vgskarakterer")
    skole = models.ForeignKey("kodeverk.Skole", on_delete=models.PROTECT, related_name="vgskarakterer")
    skolear = models.ForeignKey("kodeverk.Skolear", on_delete=models.PROTECT, related_name="vgskarakterer",
                                verbose_name=_("skoleår"))  # fmt: skip
    fag = models.ForeignKey("kodeverk.Fag", on_delete=models.PROTECT, related_name="vgskarakterer")
    vurdering = models.CharField(_("vurdering"), max_length=17, choices=Vgsvurdering.choices)
    termin = models.PositiveSmallIntegerField(
        _("termin"), default=0, help_text=_("1 eller 2 for halvårsvurdering, 0 ellers.")
    )
    karakter = models.ForeignKey(
        "kodeverk.Karakterverdi",
        to_field="kode",
        db_column="karakter",
        on_delete=models.PROTECT,
        related_name="vgskarakterer",
    )
    vurderingsdato = models.DateField(_("vurderingsdato"), null=True, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["skolear", "skole", "person", "fag", "vurdering", "termin"]
        indexes = endringsindekser("vgskarakter")
        verbose_name = _("vgs-karakter")
        verbose_name_plural = _("vgs-karakterer")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skole", "skolear", "fag", "vurdering", "termin"], name="unik_vgskarakter"
            ),
            models.CheckConstraint(
                condition=Q(vurdering="halvar", termin__in=[1, 2]) | (~Q(vurdering="halvar") & Q(termin=0)),
                name="termin_bare_for_halvar",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fag_id} {self.get_vurdering_display()}: {self.karakter_id}"


class Vitnemalsmerknad(models.Model):
    """A vitnemålsmerknad on an elevkurs ($VM, Regbok B18/B19)."""

    scoping = Scoping(fylke="elevkurs__skole__fylke", skole="elevkurs__skole")

    elevkurs = models.ForeignKey(Elevforhold, on_delete=models.CASCADE, related_name="vitnemalsmerknader")
    kode = models.CharField(_("merknadskode"), max_length=5)
    parameter1 = models.CharField(_("parameter 1"), max_length=255, blank=True, db_default="")
    parameter2 = models.CharField(_("parameter 2"), max_length=255, blank=True, db_default="")
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["elevkurs", "kode"]
        verbose_name = _("vitnemålsmerknad")
        verbose_name_plural = _("vitnemålsmerknader")
        constraints = [models.UniqueConstraint(fields=["elevkurs", "kode"], name="unik_vitnemalsmerknad")]

    def __str__(self) -> str:
        return f"{self.elevkurs_id} {self.kode}"


class Elevimport(models.Model):
    """One SAS file imported (or refused): who, when, what it held and what changed. The job run holds the log
    and the error report; this row is what the register shows as its sources."""

    class Status(models.TextChoices):
        IMPORTERT = "importert", _("Importert")
        AVVIST = "avvist", _("Avvist (ingenting lagret)")

    scoping = Scoping(fylke="fylke", skole="skole")

    fylke = models.ForeignKey("kodeverk.Fylke", on_delete=models.PROTECT, related_name="+")
    skole = models.ForeignKey(
        "kodeverk.Skole", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kjoring = models.ForeignKey(
        "vigo.Kjoring", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filnavn = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(_("sjekksum (SHA-256)"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    antall = models.JSONField(_("antall per posttype og endring"), default=dict, blank=True)
    importert_av = models.ForeignKey(
        "vigo.Bruker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opprettet"]
        verbose_name = _("elevimport")
        verbose_name_plural = _("elevimporter")

    def __str__(self) -> str:
        return f"{self.filnavn} ({self.get_status_display()})"
