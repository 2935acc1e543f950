"""``{% load jobbtilgang %}`` … ``{% if user|kan_starte:j.kode %}``: show a start button only to those who may use it.

The same rule as the service (``vigo.jobber.tilgang``), so a button is never shown that would end in 403.
"""

from django import template

from vigo import jobber
from vigo.jobber import tilgang

register = template.Library()


@register.filter
def kan_starte(bruker, jobb) -> bool:
    kode = getattr(jobb, "kode", jobb)
    if not kode or not jobber.finnes(str(kode)):
        return False
    return tilgang.kan_starte(bruker, str(kode))
