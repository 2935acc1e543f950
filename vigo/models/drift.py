"""Signs of life from the background processes, for the health check (``/helse/``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Livstegn(models.Model):
    """The last time a process showed it was alive, e.g. ``beat``: a tiny scheduled task writes it, so a fresh
    row means beat, the queue and a worker all work. In the database rather than Redis, so the health check can
    still tell how old it is when Redis is what is down."""

    navn = models.CharField(_("navn"), max_length=50, primary_key=True)
    tidspunkt = models.DateTimeField(_("tidspunkt"))

    class Meta:
        verbose_name = _("livstegn")
        verbose_name_plural = _("livstegn")

    def __str__(self) -> str:
        return f"{self.navn} {self.tidspunkt:%Y-%m-%d %H:%M:%S}"
