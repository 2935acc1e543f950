"""Words a caseworker uses: no citations of internal documents (regler.md §1.3, source tags, UNVERIFIED) in
labels, help texts or templates, and names rather than internal codes as link text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from vigo import jobber

INTERNT = re.compile(r"regler\.md|grensesnitt\.md|UNVERIFIED|DERIVED|\[S-[A-Z0-9-]+\]|§\s?\d+\.\d+")
APPER = ("inntak", "kodeverk", "arshjul", "vigo")


def _tekster_i_skjema(skjema: type[forms.Form]):
    try:
        felter = skjema().fields
    except TypeError:
        felter = skjema.base_fields
    for navn, felt in felter.items():
        yield f"{skjema.__name__}.{navn}", f"{felt.label or ''} {felt.help_text or ''}"
        for _verdi, tekst in getattr(felt, "choices", None) or []:
            yield f"{skjema.__name__}.{navn} (valg)", str(tekst)


@pytest.mark.django_db
def test_jobbskjemaer_siterer_ikke_interne_dokumenter():
    funn = [
        (sted, tekst)
        for jt in jobber.alle()
        for sted, tekst in [(f"{jt.kode} beskrivelse", jt.beskrivelse), *_tekster_i_skjema(jt.skjema)]
        if INTERNT.search(str(tekst))
    ]
    assert not funn, funn


def test_modellfelt_siterer_ikke_interne_dokumenter():
    funn = [
        f"{m._meta.label}.{f.name}: {f.help_text}"
        for app in APPER
        for m in apps.get_app_config(app).get_models()
        for f in m._meta.get_fields()
        if f.concrete and INTERNT.search(f"{f.verbose_name} {getattr(f, 'help_text', '')}")
    ]
    assert not funn, funn


def test_maler_siterer_ikke_interne_dokumenter():
    funn = []
    for sti in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        tekst = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}|<!--.*?-->", "", sti.read_text(),
                       flags=re.S)  # fmt: skip
        funn += [f"{sti.name}: {m.group(0)}" for m in INTERNT.finditer(tekst)]
    assert not funn, funn


def test_programomradekode_er_ikke_lenketekst_i_mine_maler():
    """Link text is the name; the code (ELELE1----) goes in a title attribute."""
    maler = ["inntak/_onsker.html", "inntak/tilbud_detalj.html", "inntak/arbeidsko.html"]
    kode_i_lenke = re.compile(r"<a [^>]*>[^<]*\{\{ ?[\w.]*(programomrade|behandlingskategori)\.kode ?\}\}")
    for mal in maler:
        tekst = Path(settings.BASE_DIR, "templates", mal).read_text()
        assert not kode_i_lenke.search(tekst), mal
        assert re.search(r'title="\{\{ ?[\w.]*\.kode ?\}\}"', tekst), mal
