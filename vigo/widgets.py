"""Form widgets for the pages under load.

``RaskSelect``: Django's ``Select`` renders a template per option, which for the applicant portal's filter lists
(every school, programområde and kommune of a county) was the largest part of the draft page's time on deadline
day (bench/portal_last.py). This renders the same HTML in Python: flat choices only; option groups fall back to
Django's rendering.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class RaskSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(tekst, (list, tuple)) for _, tekst in choices):
            return super().render(name, value, attrs, renderer)
        valgt = {str(v) for v in self.format_value(value)}
        deler = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for verdi, tekst in choices:
            v = "" if verdi is None else str(verdi)
            merke = " selected" if v in valgt else ""
            deler.append(f'<option value="{escape(v)}"{merke}>{escape(tekst)}</option>')
        deler.append("</select>")
        return mark_safe("".join(deler))  # every value and text above is escaped
