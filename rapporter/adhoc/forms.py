"""The list builder's form: population, its filters and its columns, built from the catalogue. It is a GET form,
so the query string is the list definition (bookmarkable, shareable); bad values become Norwegian form errors."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from rapporter.adhoc import katalog
from rapporter.adhoc.katalog import Filter, Populasjon, Utvalg

JA_NEI = (("", _("Alle")), ("ja", _("Ja")), ("nei", _("Nei")))
VALGFEIL = {"invalid_choice": _("Ugyldig valg: «%(value)s» finnes ikke i listen.")}


def _felt(f: Filter, bruker) -> forms.Field:
    felles = {"label": f.etikett, "required": False, "help_text": f.hjelp}
    if f.type == "dato":
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            error_messages={"invalid": _("Skriv en gyldig dato (dd.mm.åååå).")},
            **felles,
        )
    if f.type == "ja_nei":
        return forms.TypedChoiceField(
            choices=JA_NEI, coerce=lambda v: v == "ja", empty_value=None, error_messages=VALGFEIL, **felles
        )
    return forms.ChoiceField(choices=[("", _("Alle"))] + f.valg(bruker), error_messages=VALGFEIL, **felles)


class ListeSkjema(forms.Form):
    """``data`` is request.GET. The population field decides which filter and column fields exist; without a
    (valid) population the user's first visible one is used."""

    def __init__(self, data: QueryDict, *, bruker, **kw):
        self.populasjoner = katalog.synlige(bruker)
        valgt = katalog.hent(data.get("pop", ""))
        if valgt not in self.populasjoner:
            valgt = self.populasjoner[0] if self.populasjoner else None
        self.populasjon: Populasjon | None = valgt
        data = data.copy()
        if "bytt" in data:  # «Bytt populasjon» without script: the old population's filters do not apply
            data = QueryDict(mutable=True)
        if valgt is not None:
            data["pop"] = valgt.nokkel
            if "kol" not in data:  # a new list: the population's sensible default columns
                data.setlist("kol", valgt.standardkolonner)
        super().__init__(data, **kw)
        self.fields["pop"] = forms.ChoiceField(
            label=_("Populasjon"),
            choices=[(p.nokkel, p.navn) for p in self.populasjoner],
            error_messages=VALGFEIL,
        )
        if valgt is None:
            return
        for f in valgt.filtre:
            self.fields[f.nokkel] = _felt(f, bruker)
        self.fields["kol"] = forms.MultipleChoiceField(
            label=_("Kolonner"),
            choices=[(k.nokkel, k.etikett) for k in valgt.kolonner],
            widget=forms.CheckboxSelectMultiple,
            error_messages={**VALGFEIL, "required": _("Velg minst én kolonne.")},
        )

    @property
    def filterfelt(self):
        if self.populasjon is None:
            return []
        return [self[f.nokkel] for f in self.populasjon.filtre]

    @property
    def personkolonner(self) -> set[str]:
        return {k.nokkel for k in self.populasjon.kolonner if k.person} if self.populasjon else set()

    def clean(self):
        data = super().clean()
        fra_til = [(a, b) for a, b in (("registrert_fra", "registrert_til"), ("startdato_fra", "startdato_til"),
                                       ("laeretid_fra", "laeretid_til")) if a in self.fields]  # fmt: skip
        for a, b in fra_til:
            if data.get(a) and data.get(b) and data[a] > data[b]:
                self.add_error(b, _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def utvalg(self) -> Utvalg:
        """The cleaned definition; call after is_valid()."""
        p = self.populasjon
        filtre = {f.nokkel: self.cleaned_data.get(f.nokkel) for f in p.filtre}
        filtre = {k: v for k, v in filtre.items() if v is not None and v != ""}
        kolonner = [p.kolonne(n) for n in self.cleaned_data["kol"]]
        # In the catalogue's order, so a shared link shows the same table whatever order the boxes came in.
        kolonner.sort(key=lambda k: p.kolonner.index(k))
        return Utvalg(populasjon=p, filtre=filtre, kolonner=kolonner)

    def sporring(self) -> str:
        """The list definition as a query string (without paging), for links to the downloads and pages."""
        q = QueryDict(mutable=True)
        for navn in self.fields:
            verdier = self.data.getlist(navn)
            if any(verdier):
                q.setlist(navn, [v for v in verdier if v])
        return q.urlencode()
