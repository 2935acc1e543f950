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

from vigo.scoping import Scoping


# --- SAS data ------------------------------------------------------------------------------------------------
def endringsindekser(navn: str) -> list[models.Index]:
    """The change feed reads in (endret, id) order: per county (all schools) and per school."""
    return [
        models.Index(fields=["endret", "id"], name=f"{navn}_endring"),
        models.Index(fields=["skole", "endret", "id"], name=f"{navn}_skole_endring"),
    ]


class Elevforhold(models.Model):
    """A person's enrolment at a school in one programområde and skoleår (FINT Elevforhold)."""

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
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["skolear", "skole", "person"]
        indexes = endringsindekser("elevforhold")
        verbose_name = _("elevforhold")
        verbose_name_plural = _("elevforhold")
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
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True)

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
