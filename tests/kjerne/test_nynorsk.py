"""Nynorsk (nn) as the second UI language: the language switch in base.html (Django's set_language) for
anonymous and logged-in users, and a complete, compiled catalogue in locale/nn/LC_MESSAGES."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from vigo.models import Rolle

NN = Path(settings.BASE_DIR, "locale", "nn", "LC_MESSAGES")
NB = Path(settings.BASE_DIR, "locale", "nb", "LC_MESSAGES")

# Strings on the login page and on the front page, bokmål → nynorsk.
INNLOGGING = {"Brukernavn": "Brukarnamn", "Hopp til hovedinnhold": "Hopp til hovudinnhaldet"}
FORSIDE = {
    "Pågående kjøringer": "Pågåande køyringar",
    "Søk etter navn eller fødselsnummer": "Søk etter namn eller fødselsnummer",
    "Alle kjøringer": "Alle køyringar",
    'aria-label="Hovedmeny"': 'aria-label="Hovudmeny"',
}


def _sprakskjema(html: str) -> dict:
    """The language switch as the browser would submit it: action, csrf token, next and the select's name."""
    skjema = re.search(r'<form method="post" action="([^"]+)" class="sprakvalg">(.*?)</form>', html, re.S)
    assert skjema, "språkvelgeren mangler"
    action, indre = skjema.groups()
    felt = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', indre))
    assert re.search(r'<label id="sprakvalg-etikett" for="sprakvalg">[^<]+</label>', indre)
    assert re.search(r'<select id="sprakvalg" name="language" aria-labelledby="sprakvalg-etikett">', indre)
    assert re.search(r'<button type="submit"[^>]*>[^<]+</button>', indre)
    valgt = re.search(r'<option value="(\w+)" lang="\w+" selected>', indre)
    return {"action": action, "felt": felt, "valgt": valgt.group(1) if valgt else None}


def _bytt_sprak(client: Client, side: str, sprak: str) -> str:
    """Submit the switch on `side` with `sprak`; returns the HTML of the page the redirect leads back to."""
    skjema = _sprakskjema(client.get(side).content.decode())
    assert skjema["action"] == "/i18n/setlang/"
    assert skjema["felt"]["next"] == side.replace("&", "&amp;")
    svar = client.post(skjema["action"], {**skjema["felt"], "next": side, "language": sprak})
    assert svar.status_code == 302 and svar["Location"] == side
    return client.get(side).content.decode()


def _er_pa(html: str, sprak: str, tekster: dict[str, str]) -> None:
    assert f'<html lang="{sprak}">' in html
    assert _sprakskjema(html)["valgt"] == sprak
    for bokmal, nynorsk in tekster.items():
        assert (nynorsk if sprak == "nn" else bokmal) in html, (sprak, bokmal)
        assert (bokmal if sprak == "nn" else nynorsk) not in html, (sprak, bokmal)


@pytest.mark.django_db
def test_innloggingssiden_kan_byttes_til_nynorsk_og_tilbake():
    client = Client(enforce_csrf_checks=True)  # the form must carry its own csrf token
    side = "/logg-inn/?next=/inntak/"  # the user stays on the same page, query included
    _er_pa(client.get(side).content.decode(), "nb", INNLOGGING)
    _er_pa(_bytt_sprak(client, side, "nn"), "nn", INNLOGGING)
    _er_pa(_bytt_sprak(client, side, "nb"), "nb", INNLOGGING)


@pytest.mark.django_db
def test_forsiden_kan_byttes_til_nynorsk_og_tilbake(client, brukere):
    client.force_login(brukere["A"][Rolle.INNTAK])
    _er_pa(client.get("/").content.decode(), "nb", FORSIDE)
    _er_pa(_bytt_sprak(client, "/", "nn"), "nn", FORSIDE)
    html = client.get("/inntak/").content.decode()  # the choice holds on the next page
    assert '<html lang="nn">' in html and "Hovudmeny" in html
    _er_pa(_bytt_sprak(client, "/", "nb"), "nb", FORSIDE)


@pytest.mark.django_db
def test_ukjent_sprak_og_fremmed_adresse_avvises(client):
    svar = client.post("/i18n/setlang/", {"language": "sv", "next": "https://eksempel.invalid/"})
    assert svar.status_code == 302 and svar["Location"] == "/"
    assert '<html lang="nb">' in client.get("/logg-inn/").content.decode()


@pytest.mark.django_db
def test_adminens_javascriptkatalog_er_pa_nynorsk(client, brukere):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    client.post("/i18n/setlang/", {"language": "nn", "next": "/admin/"})
    js = client.get("/admin/jsi18n/").content.decode()
    assert "Vel alle %s" in js and "Velg alle %s" not in js
    html = client.get("/admin/").content.decode()
    assert 'lang="nn"' in html and "Hopp til hovudinnhaldet" in html and "Skip to main content" not in html


# --- The catalogue ------------------------------------------------------------------------------------------
def _les_po(sti: Path) -> list[dict]:
    """Entries of a .po file: flags, msgctxt, msgid, msgid_plural, msgstr (index → text); obsolete ones are left out."""

    def tekst(linje: str) -> str:
        return re.sub(
            r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), linje.strip()[1:-1]
        )

    oppforinger = []
    for blokk in re.split(r"\n\s*\n", sti.read_text(encoding="utf-8")):
        linjer = [linje for linje in blokk.splitlines() if linje.strip() and not linje.startswith("#~")]
        if not any(linje.startswith("msgid") for linje in linjer):
            continue
        o = {"flagg": set(), "ctx": None, "id": "", "plural": None, "str": {}}
        gjeldende = None
        for linje in linjer:
            if linje.startswith("#,"):
                o["flagg"] |= {f.strip() for f in linje[2:].split(",")}
            elif linje.startswith("#"):
                continue
            elif m := re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", linje):
                nokkel, indeks, verdi = m.groups()
                if nokkel == "msgstr":
                    gjeldende = ("str", int(indeks or 0))
                    o["str"][gjeldende[1]] = tekst(verdi)
                else:
                    gjeldende = ({"msgctxt": "ctx", "msgid_plural": "plural", "msgid": "id"}[nokkel], None)
                    o[gjeldende[0]] = tekst(verdi)
            elif linje.startswith('"'):
                if gjeldende[0] == "str":
                    o["str"][gjeldende[1]] += tekst(linje)
                else:
                    o[gjeldende[0]] += tekst(linje)
            else:
                raise AssertionError(f"Uventa linje i {sti.name}: {linje!r}")
        oppforinger.append(o)
    return oppforinger


def _kantar(tekst: str) -> tuple[str, str]:
    return tekst[: len(tekst) - len(tekst.lstrip())], tekst[len(tekst.rstrip()) :]


PLASSHALDAR = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
KLAMMEHALDAR = re.compile(r"\{[^{}]*\}")
TAGG = re.compile(r"</?\w+[^>]*>")


@pytest.mark.parametrize("domene", ["django", "djangojs"])
def test_katalogen_er_fullstendig(domene):
    oppforinger = _les_po(NN / f"{domene}.po")
    hode, *oppforinger = oppforinger
    assert hode["id"] == "" and "fuzzy" not in hode["flagg"]
    assert (
        "Language: nn\n" in hode["str"][0] and "Plural-Forms: nplurals=2; plural=(n != 1);" in hode["str"][0]
    )
    assert oppforinger
    feil = []
    for o in oppforinger:
        former = [0, 1] if o["plural"] is not None else [0]
        if "fuzzy" in o["flagg"]:
            feil.append(("fuzzy", o["id"]))
        if sorted(o["str"]) != former or not all(o["str"][i] for i in former):
            feil.append(("tom msgstr", o["id"]))
            continue
        for i in former:
            kjelde = o["id"] if i == 0 or o["plural"] is None else o["plural"]
            oversatt = o["str"][i]
            if "python-format" in o["flagg"] and sorted(PLASSHALDAR.findall(kjelde)) != sorted(
                PLASSHALDAR.findall(oversatt)
            ):
                feil.append(("plasshaldar", o["id"], oversatt))
            if "python-brace-format" in o["flagg"] and sorted(KLAMMEHALDAR.findall(kjelde)) != sorted(
                KLAMMEHALDAR.findall(oversatt)
            ):
                feil.append(("plasshaldar {}", o["id"], oversatt))
            if sorted(TAGG.findall(kjelde)) != sorted(TAGG.findall(oversatt)):
                feil.append(("HTML", o["id"], oversatt))
            if _kantar(kjelde) != _kantar(oversatt):
                feil.append(("mellomrom først/sist", o["id"], oversatt))
    assert not feil, feil


def test_prosjektstrengene_er_pa_nynorsk():
    """Spot check that the project strings are translated, not copied: common bokmål-only words are gone."""
    bokmal = re.compile(
        r"\b(ikke|hva|hvem|hvis|hvordan|hvorfor|også|bare|noen|noe|ennå|være|søkere?n?e?|skoler?)\b"
    )
    funn = [
        (o["id"], tekst)
        for o in _les_po(NN / "django.po")[1:]
        for tekst in o["str"].values()
        if bokmal.search(re.sub(r"«[^»]*»|%\([^)]+\)\w|/api/\S+", "", tekst))
    ]
    assert not funn, funn


@pytest.mark.parametrize("domene", ["django", "djangojs"])
def test_mo_er_kompilert_fra_po(domene):
    """django.mo/djangojs.mo hold exactly what the .po says: a string changed without msgfmt fails here."""
    with open(NN / f"{domene}.mo", "rb") as fil:
        mo = gettext.GNUTranslations(fil)._catalog
    po = {}
    for o in _les_po(NN / f"{domene}.po"):
        nokkel = o["id"] if o["ctx"] is None else f"{o['ctx']}\x04{o['id']}"
        if o["plural"] is None:
            po[nokkel] = o["str"][0]
        else:
            po.update({(nokkel, i): s for i, s in o["str"].items()})
    po[""] = re.sub(r"POT-Creation-Date: [^\n]*\n", "", po[""])  # msgfmt leaves it out of the .mo
    assert mo == po


@pytest.mark.parametrize("domene", ["django", "djangojs"])
def test_det_prosjektet_utfyller_for_bokmal_er_utfylt_for_nynorsk(domene):
    """locale/nb completes Django's and third-party catalogues where they lack Norwegian; nn must do the same
    (makemessages marks those entries obsolete in locale/nn, see its header), or the admin falls back to bokmål."""
    import django.contrib.admin
    from django.utils.translation import trans_real

    if domene == "django":
        katalog = trans_real.translation("nn")._catalog  # nn only: the nb fallback is a separate object
    else:  # what the admin's JavaScriptCatalog merges: the admin's own catalogue and LOCALE_PATHS
        admin = Path(django.contrib.admin.__file__).parent / "locale"
        katalog = trans_real.DjangoTranslation("nn", domain="djangojs", localedirs=[str(admin)])._catalog
    mangler = []
    for o in _les_po(NB / f"{domene}.po")[1:]:
        nokkel = o["id"] if o["ctx"] is None else f"{o['ctx']}\x04{o['id']}"
        if not katalog.get(nokkel if o["plural"] is None else (nokkel, 0)):
            mangler.append(o["id"])
    assert not mangler, mangler
