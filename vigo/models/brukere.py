"""Users. Every user belongs to a fylke; a school user also to a school. Roles are Django groups."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigo.scoping import Scoping


class Rolle(models.TextChoices):
    """The role groups; their permissions are set in migration 0002 (vigo.roller)."""

    INNTAK = "Inntakssaksbehandler", _("Inntakssaksbehandler")
    FAGOPPLAERING = "Fagopplæringssaksbehandler", _("Fagopplæringssaksbehandler")
    FYLKESADMIN = "Fylkesadministrator", _("Fylkesadministrator")
    SKOLE = "Skolebruker", _("Skolebruker")
    OT = "OT-saksbehandler", _("OT-saksbehandler")
    LESE = "Lesetilgang", _("Lesetilgang")
    SYSADMIN = "Systemadministrator", _("Systemadministrator")


class Bruker(AbstractUser):
    scoping = Scoping(fylke="fylke", skole="skole")

    fylke = models.ForeignKey(
        "kodeverk.Fylke", on_delete=models.PROTECT, null=True, blank=True, related_name="brukere"
    )
    skole = models.ForeignKey(
        "kodeverk.Skole",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brukere",
        help_text=_("Fylles ut for skolebrukere: de ser bare egen skole."),
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        permissions = [
            (
                "saertilgang",
                _("Særtilgang: kan se sensitive opplysninger (f.eks. dokumentasjon i fortrinnssaker)"),
            ),
            ("alle_fylker", _("Kan se alle fylker")),
        ]

    def har_rolle(self, rolle: str) -> bool:
        return self.groups.filter(name=rolle).exists()

    @property
    def er_systemadministrator(self) -> bool:
        return self.is_superuser or self.has_perm("vigo.alle_fylker")

    @property
    def er_skolebruker(self) -> bool:
        return self.skole_id is not None and not self.er_systemadministrator
