"""The dependency direction of the house (README «Arkitektur», docs/arkitektur.md): nothing points up.

- The core (``vigo/``, migrations excepted) imports no domain app. A domain plugs in through the registries the core
  offers (job types, scoping links, dashboard panels, person tabs, demo steps, system parameters, API domains),
  registered in its ``AppConfig.ready``. The project URLconf may name a domain's URL module as a dotted string
  (``include("inntak.urls")``): that is no import.
- ``kodeverk/`` (the registers, below the core) imports no domain app and, from the core, only the mechanisms it
  builds on: scoping, the API infrastructure and the API client scopes, never persons, jobs or services.

Imports are read with ``ast`` (also those inside functions and ``TYPE_CHECKING`` blocks), so a lazy import is no
way around the rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[2]
DOMENER = ("inntak", "fagopplaering", "arshjul", "rapporter")

# What kodeverk may use from the core: the scoping mechanism, the API infrastructure and the API scopes.
KODEVERK_TILLATT_FRA_VIGO = (
    "vigo.scoping",
    "vigo.api.basis",
    "vigo.api.selectors",
    "vigo.api.skjema",
    "vigo.api.domener",
    "vigo.models.api",
)


def _filer(mappe: str) -> Iterator[Path]:
    for fil in sorted((ROT / mappe).rglob("*.py")):
        if "migrations" not in fil.relative_to(ROT).parts:
            yield fil


def _modulnavn(fil: Path, rot: Path) -> str:
    deler = list(fil.relative_to(rot).with_suffix("").parts)
    if deler[-1] == "__init__":
        deler.pop()
    return ".".join(deler)


def importer(fil: Path, rot: Path = ROT) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in the file; relative imports are resolved."""
    modul = _modulnavn(fil, rot)
    pakke = modul if fil.name == "__init__.py" else modul.rpartition(".")[0]
    for node in ast.walk(ast.parse(fil.read_text(encoding="utf-8"), filename=str(fil))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                grunn = pakke.split(".")[: len(pakke.split(".")) - node.level + 1]
                modul = ".".join([*grunn, node.module] if node.module else grunn)
            else:
                modul = node.module or ""
            yield node.lineno, modul
            for alias in node.names:  # «from vigo import api» imports the module vigo.api
                yield node.lineno, f"{modul}.{alias.name}"


def _under(modul: str, pakker: tuple[str, ...]) -> bool:
    return any(modul == p or modul.startswith(p + ".") for p in pakker)


def brudd_i(mappe: str, forbudt) -> list[str]:
    return [
        f"{fil.relative_to(ROT)}:{linje} importerer {modul}"
        for fil in _filer(mappe)
        for linje, modul in importer(fil)
        if forbudt(modul)
    ]


def test_kjernen_importerer_ingen_domeneapp():
    brudd = brudd_i("vigo", lambda modul: _under(modul, DOMENER))
    assert not brudd, (
        "Kjernen (vigo/) importerer en domeneapp; bruk et register appen fyller i AppConfig.ready:\n"
        + ("\n".join(brudd))
    )


def test_kodeverk_importerer_verken_domener_eller_kjernens_domenedeler():
    def forbudt(modul: str) -> bool:
        if _under(modul, DOMENER):
            return True
        if modul in ("vigo", "vigo.models", "vigo.api"):  # the package itself: only what follows in the name
            return False
        return _under(modul, ("vigo",)) and not _under(modul, KODEVERK_TILLATT_FRA_VIGO)

    brudd = brudd_i("kodeverk", forbudt)
    assert not brudd, "kodeverk/ importerer noe over seg:\n" + "\n".join(brudd)


@pytest.mark.parametrize(
    ("kilde", "ventet"),
    [
        ("from inntak.models import Tilbud\n", "inntak.models"),
        ("def f():\n    import arshjul.kjerne\n", "arshjul.kjerne"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from rapporter import x\n", "rapporter"),
        ("from .. import api\n", "vigo.api"),
        ("from ..api.domener import registrer_api\n", "vigo.api.domener"),
    ],
)
def test_kontrollen_ser_alle_former_for_import(tmp_path, kilde, ventet):
    """The check itself: lazy imports, TYPE_CHECKING blocks and relative imports are seen."""
    pakke = tmp_path / "vigo" / "under"
    pakke.mkdir(parents=True)
    fil = pakke / "modul.py"
    fil.write_text(kilde, encoding="utf-8")
    assert ventet in [modul for _linje, modul in importer(fil, rot=tmp_path)]


def test_domenenes_api_er_registrert_i_kjernen():
    """The domain APIs the core serves came from the apps' ready(), not from an import in the core."""
    from vigo.api.domener import registrerte_api

    assert registrerte_api() == {
        "kodeverk": "kodeverk.api.urls",
        "inntak": "inntak.api.urls",
        "elev": "inntak.elev.api.urls",
        "fagopplaering": "fagopplaering.api.urls",
    }
    # URL order follows INSTALLED_APPS: the SAS routes (elev) come after the other domains', as when the core
    # served them after domene_urls().
    assert list(registrerte_api()) == ["kodeverk", "inntak", "elev", "fagopplaering"]
