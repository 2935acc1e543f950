from django.db import models
from django.utils.translation import gettext_lazy as _


class Niva(models.TextChoices):
    VG1 = "VG1", _("Vg1")
    VG2 = "VG2", _("Vg2")
    VG3 = "VG3", _("Vg3")
    VG4 = "VG4", _("Vg4")
    LAERE = "LAER", _("Opplæring i bedrift")
