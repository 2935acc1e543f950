"""vigo.widgets.RaskSelect renders what Django's Select renders (escaped, selected, the bound field's attributes),
without a template per option."""

from __future__ import annotations

from django import forms
from django.test.html import parse_html

from vigo.widgets import RaskSelect

VALG = [("", "Alle <skoler>"), ("1", "Æ & Ø vgs"), ("2", 'Skole "B"')]


class Skjema(forms.Form):
    django = forms.TypedChoiceField(choices=VALG, required=False, coerce=int, empty_value=None,
                                    help_text="Hjelp")  # fmt: skip
    rask = forms.TypedChoiceField(choices=VALG, required=False, coerce=int, empty_value=None, help_text="Hjelp",
                                  widget=RaskSelect)  # fmt: skip

    def clean_django(self):
        raise forms.ValidationError("feil")

    def clean_rask(self):
        raise forms.ValidationError("feil")


def test_samme_html_som_djangos_select():
    skjema = Skjema({"django": "1", "rask": "1"}, auto_id="sok-%s")
    skjema.is_valid()  # errors: aria-invalid on both
    dj, rask = str(skjema["django"]), str(skjema["rask"])
    assert "&lt;skoler&gt;" in rask and "Æ &amp; Ø vgs" in rask and "&quot;B&quot;" in rask
    assert '<option value="1" selected>' in rask and 'aria-invalid="true"' in rask
    assert parse_html(dj.replace("django", "X")) == parse_html(
        rask.replace("rask", "X")
    )  # as assertHTMLEqual


def test_grupper_faller_tilbake_til_django():
    w = RaskSelect(choices=[("Gruppe", [("1", "En")]), ("2", "To")])
    html = w.render("g", "1")
    assert "<optgroup" in html and '<option value="1" selected>' in html
