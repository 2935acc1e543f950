"""The person register: applicants, pupils, apprentices and their guardians, and the persons the API registered
from a fødselsnummer alone (``UkjentNavn``). The pupil data of the schools (elevforhold, elevfag, vgs grades)
are the student register's (``inntak.elev``)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigo.fodselsnummer import fodselsdato_fra_nummer, valider_fodselsnummer
from vigo.scoping import Scoping


class Malform(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    SAMISK = "se", _("Samisk")


class Person(models.Model):
    scoping = Scoping(fylke="fylke")

    fodselsnummer = models.CharField(
        _("fødselsnummer"), max_length=11, unique=True, validators=[valider_fodselsnummer]
    )
    fornavn = models.CharField(_("fornavn"), max_length=100)
    mellomnavn = models.CharField(_("mellomnavn"), max_length=100, blank=True)
    etternavn = models.CharField(_("etternavn"), max_length=100)
    fodselsdato = models.DateField(_("fødselsdato"), editable=False)
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    kommune = models.ForeignKey(
        "kodeverk.Kommune", on_delete=models.PROTECT, null=True, blank=True, related_name="personer"
    )
    fylke = models.ForeignKey(
        "kodeverk.Fylke",
        on_delete=models.PROTECT,
        related_name="personer",
        help_text=_("Fylket som forvalter personen (hjemfylke)."),
    )
    epost = models.EmailField(_("e-post"), blank=True)
    mobil = models.CharField(_("mobil"), max_length=20, blank=True)
    malform = models.CharField(_("målform"), max_length=2, choices=Malform.choices, default=Malform.BOKMAL)
    opprettet = models.DateTimeField(auto_now_add=True)
    endret = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords(
        verbose_name=_("historikk for person"), verbose_name_plural=_("historikk for personer")
    )

    class Meta:
        ordering = ["etternavn", "fornavn"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        indexes = [
            models.Index(fields=["fylke", "etternavn", "fornavn"]),
            # The change feed (API) reads in (endret, id) order.
            models.Index(fields=["endret", "id"], name="person_endring"),
            # The person list walks the names in order and checks each row against the scope (vigo.scoping).
            models.Index(fields=["etternavn", "fornavn"], name="person_navn"),
            # The county's own persons by id, index-only: scoping leaves them out of a link's array.
            models.Index(fields=["fylke", "id"], name="person_fylke_id"),
            # Name search by word prefix (vigo.selectors.NAVNEVEKTOR: the expression must stay identical).
            GinIndex(
                SearchVector("fornavn", "mellomnavn", "etternavn", config="simple"), name="person_navnesok"
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    @property
    def navn(self) -> str:
        return " ".join(p for p in (self.fornavn, self.mellomnavn, self.etternavn) if p)

    def save(self, *args, **kwargs):
        self.fodselsdato = fodselsdato_fra_nummer(self.fodselsnummer)
        super().save(*args, **kwargs)

    def alder(self, pa_dato) -> int:
        d = self.fodselsdato
        return pa_dato.year - d.year - ((pa_dato.month, pa_dato.day) < (d.month, d.day))


class Foresatt(models.Model):
    class Relasjon(models.TextChoices):
        MOR = "mor", _("Mor")
        FAR = "far", _("Far")
        MEDMOR = "medmor", _("Medmor")
        VERGE = "verge", _("Verge")
        ANNEN = "annen", _("Annen foresatt")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="foresatte")
    foresatt = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="foresatt_for")
    relasjon = models.CharField(_("relasjon"), max_length=10, choices=Relasjon.choices)
    history = HistoricalRecords(verbose_name=_("historikk for foresatt"),
                                verbose_name_plural=_("historikk for foresatte"))  # fmt: skip

    class Meta:
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")
        constraints = [
            models.UniqueConstraint(fields=["person", "foresatt"], name="unik_foresatt"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("foresatt")), name="ikke_egen_foresatt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.foresatt} ({self.get_relasjon_display()}) for {self.person}"


class UkjentNavn(models.Model):
    """A person the API registered from a fødselsnummer alone (names «Ukjent»): to be updated later, from the
    Folkeregister or from the school's SAS. The row is removed when real names arrive through the API."""

    scoping = Scoping(fylke="person__fylke")

    person = models.OneToOneField(
        "vigo.Person", on_delete=models.CASCADE, primary_key=True, related_name="ukjent_navn"
    )
    klient = models.ForeignKey(
        "vigo.ApiKlient", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registrert = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person med ukjent navn")
        verbose_name_plural = _("personer med ukjent navn")

    def __str__(self) -> str:
        return str(self.person_id)
