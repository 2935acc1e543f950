"""``{% load jobbvisning %}``: a job run as a caseworker reads it (``vigo.jobber.visning``).

``{% for l in k|parametere_lesbart %}{{ l.etikett }}: {{ l.verdi }}{% endfor %}``, the same with
``resultat_lesbart``, and ``{{ k.varighet|varighet }}`` («23 sekunder», «2 min 5 s»). Filters rather than view
context, so every page that includes ``vigo/_fremdrift.html`` gets the same text.
"""

from django import template

from vigo.jobber import visning

register = template.Library()


@register.filter
def parametere_lesbart(kjoring) -> list[visning.Linje]:
    return visning.parameter_linjer(kjoring.kode, kjoring.parametere)


@register.filter
def resultat_lesbart(kjoring) -> list[visning.Linje]:
    return visning.resultat_linjer(kjoring.kode, kjoring.resultat)


@register.filter
def varighet(verdi) -> str:
    return visning.varighet_tekst(verdi)
