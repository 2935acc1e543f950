from django.db import models
from django.utils.translation import gettext_lazy as _


class Niva(models.TextChoices):
    VG1 = "VG1", _("Vg1")
    VG2 = "VG2", _("Vg2")
    VG3 = "VG3", _("Vg3")
    VG4 = "VG4", _("Vg4")
    LAERE = "LAER", _("Opplæring i bedrift")


class Inntaksniva(models.TextChoices):
    """The levels one applies for in the intake (Vg1–Vg3): the same codes and names as ``Niva``, never retyped.

    ``inntak.models.soknad.Niva`` is this class (søknader, inntakskjøringer and their filters use it).
    """

    VG1 = Niva.VG1.value, Niva.VG1.label
    VG2 = Niva.VG2.value, Niva.VG2.label
    VG3 = Niva.VG3.value, Niva.VG3.label
