"""Grades on the applicant's vitnemål: the input of poengberegningen (docs/regler/regler-2006.md §1, §2;
docs/regler/regler-2024.md §1 from school year 2025-2026).

The codes are those of ``inntak.regler`` (the one place that knows the scale), so the SQL batch and the Python
module read the same values. ``fag`` references kodeverk.Fag by its code (``fagkode`` column), so the batch
needs no join to know which subject a row is.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inntak.regler.karakterer import GYLDIGE_KARAKTERER, KARAKTERNAVN
from vigo.scoping import Scoping


class Vurdering(models.TextChoices):
    STANDPUNKT = "standpunkt", _("Standpunkt")
    EKSAMEN_SKRIFTLIG = "eksamen_skriftlig", _("Skriftlig eksamen")
    EKSAMEN_MUNTLIG = "eksamen_muntlig", _("Muntlig eksamen")
    EKSAMEN_PRAKTISK = "eksamen_praktisk", _("Praktisk eksamen")
    HALVAR = "halvar", _("Halvårsvurdering")


class Trinn(models.TextChoices):
    GS = "GS", _("Grunnskole")
    VG1 = "VG1", _("Vg1")
    VG2 = "VG2", _("Vg2")


class Fagtype(models.TextChoices):
    """kodeverk.Fagtype codes; only valgfag, orden and oppforsel change the calculation."""

    VANLIG = "", _("Vanlig fag")
    FELLESFAG = "fellesfag", _("Fellesfag")
    VALGFAG = "valgfag", _("Valgfag")
    FREMMEDSPRAAK = "fremmedspraak", _("Fremmedspråk / språklig fordypning")
    PROGRAMFAG = "programfag", _("Programfag")
    ORDEN = "orden", _("Orden")
    OPPFORSEL = "oppforsel", _("Oppførsel")


REGELFAGTYPER = ("valgfag", "orden", "oppforsel")


class Karakterkilde(models.TextChoices):
    IMPORT = "import", _("Filimport")
    API = "api", _("API")
    MANUELL = "manuell", _("Manuelt registrert")


KARAKTERVALG = [(k, f"{k} ({KARAKTERNAVN[k]})" if k in KARAKTERNAVN else k) for k in GYLDIGE_KARAKTERER]


class Karakter(models.Model):
    """One grade. A person has at most one school grade and one privatist result per (trinn, fag, vurdering).

    ``privatist``: the result is from a privatist exam (opplæringsforskrifta § 4-25 første ledd bokstav e), so a
    vgs subject may hold both results; from 2025-2026 the best of the two counts (``inntak.regler.poeng``).
    """

    scoping = Scoping(fylke="fylke")

    person = models.ForeignKey("vigo.Person", on_delete=models.CASCADE, related_name="karakterer")
    fylke = models.ForeignKey(
        "kodeverk.Fylke",
        on_delete=models.PROTECT,
        related_name="inntak_karakterer",
        help_text=_("Fylket som registrerte karakteren."),
    )
    skolear = models.ForeignKey(
        "kodeverk.Skolear", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trinn = models.CharField(_("trinn"), max_length=3, choices=Trinn.choices, default=Trinn.GS)
    fag = models.ForeignKey(
        "kodeverk.Fag",
        to_field="kode",
        db_column="fagkode",
        on_delete=models.PROTECT,
        related_name="inntak_karakterer",
    )
    vurdering = models.CharField(_("vurdering"), max_length=17, choices=Vurdering.choices)
    karakter = models.CharField(_("karakter"), max_length=2, choices=KARAKTERVALG)
    dokumentert_fravaer = models.BooleanField(
        _("dokumentert fravær"), default=False, help_text=_("Bare for IM (ikke møtt) på eksamen.")
    )
    fagtype = models.CharField(_("fagtype"), max_length=13, choices=Fagtype.choices, blank=True, default="")
    privatist = models.BooleanField(
        _("privatistresultat"),
        default=False,
        db_default=False,
        help_text=_(
            "Resultat fra privatisteksamen (bare Vg1/Vg2); det beste av skole- og privatistresultat teller."
        ),
    )
    kilde = models.CharField(_("kilde"), max_length=7, choices=Karakterkilde.choices)
    registrert = models.DateTimeField(_("registrert"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "trinn", "fag", "vurdering"]
        verbose_name = _("karakter")
        verbose_name_plural = _("karakterer")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "trinn", "fag", "vurdering", "privatist"], name="en_karakter_per_fag"
            ),
            models.CheckConstraint(
                condition=models.Q(dokumentert_fravaer=False) | models.Q(karakter="IM"),
                name="dokumentert_fravaer_bare_ved_im",
            ),
            models.CheckConstraint(
                condition=models.Q(privatist=False) | ~models.Q(trinn="GS"), name="privatist_bare_vgs"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fag_id} {self.get_vurdering_display()}: {self.karakter}"

    @property
    def regel_fagtype(self) -> str | None:
        """The fagtype as ``inntak.regler`` knows it (None for an ordinary subject)."""
        return self.fagtype if self.fagtype in REGELFAGTYPER else None

    @property
    def regel_trinn(self) -> str | None:
        return None if self.trinn == Trinn.GS else self.trinn
