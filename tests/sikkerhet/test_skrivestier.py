"""Services are the only writers: every write path of the admin and the REST API is declared here.

For every model registered in the admin, the admin's writes (add/change form with its inlines, and the
django-import-export import) and every DRF route that accepts POST/PUT/PATCH: the model or route is either in
``SKRIVESTIER``/``API_SKRIVESTIER`` with the service functions the admin or view must call, or in ``UNNTAK`` with
the reason it is plain data. "Calls" is checked on the code objects: the functions an admin's ``save_model`` /
``save_formset`` / resource ``import_data`` or a view's ``post``/``perform_create``/``perform_update`` reference
(module globals, attributes of imported modules, closure variables) must include the declared functions.
A model whose admin is read-only (no add, no change, or every field read-only) needs nothing.
A new writable admin or API route fails here until it is routed through a service or declared an exception.
"""

from __future__ import annotations

import inspect
import types

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from fagopplaering.services.prove import meld_opp
from inntak.api import services as inntak_api
from inntak.elev.api import services as elev_api
from inntak.importering.soknader import importer as importer_soknader
from inntak.services.karakterer import importer_karakterer
from inntak.services.klasseordning import endre_tilbud, opprett_tilbud
from inntak.services.soknad_saksbehandler import endre_for_soker, registrer_for_soker
from vigo import services as personer
from vigo.models import Bruker
from vigo.services_brukere import lagre_bruker

pytestmark = pytest.mark.django_db

# Model (admin form, inline or import) → the services its admin writes through.
SKRIVESTIER = {
    "vigo.Person": (personer.opprett_person, personer.oppdater_person),
    "vigo.Foresatt": (personer.legg_til_foresatt, personer.endre_foresatt, personer.fjern_foresatt),  # inline
    "vigo.Bruker": (lagre_bruker,),
    "inntak.Tilbud": (opprett_tilbud, endre_tilbud),
    "inntak.Karakter": (importer_karakterer,),  # the import; there is no form for a single grade
    "inntak.Soknad": (importer_soknader,),  # the import; a single søknad is registered on /inntak/soknad/ny/
}

# Writable in the admin without a service, and why. Reference data and configuration: no rule beyond the model's
# own validation, no case log, and only administrators may write them.
UNNTAK = {
    "kodeverk.*": "Kodeverk: national reference data (codes, names, validity dates), edited and imported as data.",
    "inntak.Brevmal": "A county's letter template: configuration text with no rule; the model validates it.",
    "arshjul.Hendelse": "Årshjul calendar entries: the county's own planning notes, history kept by the model.",
    "arshjul.Rutine": "National routines, system administrator only.",
    "arshjul.RutineSteg": "Steps of a national routine (inline), system administrator only.",
    "auth.Group": "Roles: set by vigo.roller after every migrate, system administrator only.",
    "arshjul.Kalenderfeed": "A county's iCal feed: the model makes the token; renewing it is arshjul.services."
    "forny_feed (an admin action).",
    "vigo.ApiKlient": "API clients: the admin checks vigo.tilgang.kan_forvalte_klient in save_model (not yet a "
    "service function; opprett_klient serves the management command).",
    "vigo.ApiNokkel": "API keys: the admin checks vigo.tilgang.kan_forvalte_klient in save_model (see ApiKlient).",
    "elev.Otenhet": "A county's OT units (code, name, active): reference data the county administrator keeps.",
    # fagopplæring's code tables (C13, C12, C11): national code lists the system administrator keeps, like kodeverk
    "fagopplaering.Kontraktstype": "C13 Kontraktstype: a national code list (code, name, kandidattype, tilskudd).",
    "fagopplaering.Avslutningskode": "C12 Avslutningskode: a national code list, versioned by validity dates.",
    "fagopplaering.HevetAv": "C11 Hevet av: a national code list (which party ended a contract).",
    "fagopplaering.Laerefag": "Fagbrev or svennebrev per lærefag: national reference data next to Grep.",
}

# DRF route name → the services its POST/PUT/PATCH calls. None: the route writes nothing.
API_SKRIVESTIER = {
    "person-list": (personer.opprett_person,),
    "person-detail": (personer.oppdater_person,),
    "api_elever": (elev_api.upsert_elever,),
    "api_elevforholdliste": (elev_api.upsert_elevforhold,),
    "api_elevfagliste": (inntak_api.upsert_elevfag,),
    "api_karakterer": (inntak_api.upsert_vgskarakterer,),
    "api_sluttere": (elev_api.registrer_sluttere,),
    "api_grunnskolekarakterer": (inntak_api.lagre_grunnskolekarakterer,),
    "api_soknader": (registrer_for_soker,),
    "api_soknad_onsker": (endre_for_soker,),
    "api_prove_oppmeldinger": (meld_opp,),
    "poengkalkulator_api": None,  # computes points from the posted grades; stores nothing
}


def _kalte(funksjon) -> set:
    """The objects a function refers to: globals, attributes of referenced modules, closure variables."""
    funksjon = inspect.unwrap(getattr(funksjon, "__func__", funksjon))
    if not isinstance(funksjon, types.FunctionType):
        return set()
    v = inspect.getclosurevars(funksjon)
    ut = set(v.nonlocals.values()) | set(v.globals.values())
    for verdi in list(v.globals.values()) + list(v.nonlocals.values()):
        if isinstance(verdi, types.ModuleType):
            ut |= {getattr(verdi, navn) for navn in v.unbound if hasattr(verdi, navn)}
    return {o for o in ut if callable(o)}


def _egen(klasse, navn: str):
    """``klasse.navn`` if the project (not Django or a package) defines it somewhere in the MRO."""
    for k in klasse.__mro__:
        if navn in k.__dict__ and not k.__module__.startswith(("django.", "import_export", "simple_history")):
            return k.__dict__[navn]
    return None


def _merkelapp(modell) -> str:
    return modell._meta.label


def _unntatt(modell) -> bool:
    return _merkelapp(modell) in UNNTAK or f"{modell._meta.app_label}.*" in UNNTAK


@pytest.fixture
def sysadmin_request(db):
    request = RequestFactory().get("/")
    request.user = Bruker(username="meta", is_superuser=True, is_staff=True, is_active=True)
    return request


def _har_redigerbare_felt(ma, request) -> bool:
    felt = {f for f in ma.get_fields(request) if isinstance(f, str)}
    return bool(felt - set(ma.get_readonly_fields(request)))


def _skrivestier_i_admin(request):
    """(model, admin, inline admin or None, 'skjema'|'import') for every write the admin offers a superuser."""
    for modell, ma in admin.site._registry.items():
        skjema = ma.has_add_permission(request) or (
            ma.has_change_permission(request) and _har_redigerbare_felt(ma, request)
        )
        if skjema:
            yield modell, ma, None, "skjema"
            for inline in ma.get_inline_instances(request):
                if inline.has_add_permission(request, None) or inline.has_change_permission(request):
                    yield inline.model, ma, inline, "skjema"
        if hasattr(ma, "has_import_permission") and ma.has_import_permission(request):
            yield modell, ma, None, "import"


def test_hver_skrivbar_admin_gaar_gjennom_en_erklaert_tjeneste(sysadmin_request):
    udeklarert, feil = [], []
    for modell, ma, inline, slag in _skrivestier_i_admin(sysadmin_request):
        if _unntatt(modell):
            continue
        tjenester = SKRIVESTIER.get(_merkelapp(modell))
        if tjenester is None:
            udeklarert.append(f"{_merkelapp(modell)} ({type(ma).__name__}, {slag})")
            continue
        if slag == "import":
            metoder = [_egen(r, "import_data") for r in ma.get_import_resource_classes(sysadmin_request)]
        elif inline is not None:
            metoder = [_egen(type(ma), "save_formset")]
        else:
            metoder = [_egen(type(ma), "save_model"), _egen(type(ma), "save_related")]
        kalt = set().union(*(_kalte(m) for m in metoder if m is not None))
        mangler = [t.__name__ for t in tjenester if t not in kalt]
        if mangler:
            feil.append(
                f"{_merkelapp(modell)} ({type(ma).__name__}, {slag}) kaller ikke {', '.join(mangler)}"
            )
    assert not udeklarert, f"Skrivbar i admin uten erklært tjeneste (SKRIVESTIER eller UNNTAK): {udeklarert}"
    assert not feil, feil


def test_unntakene_finnes_og_er_skrivbare(sysadmin_request):
    """The exceptions stay honest: each names a model the admin really lets someone write."""
    skrivbare = {_merkelapp(m) for m, *_ in _skrivestier_i_admin(sysadmin_request)}
    apper = {m.split(".")[0] for m in skrivbare}
    for navn in UNNTAK:
        app, _, modell = navn.partition(".")
        assert (modell == "*" and app in apper) or navn in skrivbare, (
            f"{navn} er ikke skrivbar i admin lenger"
        )
    assert not set(SKRIVESTIER) & set(UNNTAK)


def _ruter(mønstre=None, prefiks=""):
    for m in get_resolver().url_patterns if mønstre is None else mønstre:
        if isinstance(m, URLResolver):
            yield from _ruter(m.url_patterns, prefiks + str(m.pattern))
        elif isinstance(m, URLPattern):
            yield prefiks + str(m.pattern), m


SKRIV = ("post", "put", "patch")
HANDLING_TIL_METODE = {
    "create": "perform_create",
    "update": "perform_update",
    "partial_update": "perform_update",
}


def _api_skrivemetoder(callback):
    """The DRF methods of a route that write: (http method, function to inspect)."""
    klasse = getattr(callback, "cls", None)
    if klasse is None:
        return []
    handlinger = getattr(callback, "actions", None)
    if handlinger is not None:  # a viewset route
        return [
            (m, getattr(klasse, HANDLING_TIL_METODE.get(h, h))) for m, h in handlinger.items() if m in SKRIV
        ]
    tillatt = [m for m in SKRIV if m in klasse.http_method_names and hasattr(klasse, m)]
    return [(m, getattr(klasse, m)) for m in tillatt]


def test_hver_skrivende_api_rute_kaller_en_erklaert_tjeneste():
    udeklarert, feil, sett = [], [], set()
    for sti, m in _ruter():
        metoder = _api_skrivemetoder(m.callback)
        if not metoder:
            continue
        sett.add(m.name)
        if m.name not in API_SKRIVESTIER:
            udeklarert.append(f"{sti} ({m.name})")
            continue
        tjenester = API_SKRIVESTIER[m.name]
        if tjenester is None:
            continue
        for http, funksjon in metoder:
            mangler = [t.__name__ for t in tjenester if t not in _kalte(funksjon)]
            if mangler:
                feil.append(f"{http.upper()} {sti} kaller ikke {', '.join(mangler)}")
    assert not udeklarert, f"Skrivende API-ruter uten erklært tjeneste: {udeklarert}"
    assert not feil, feil
    assert set(API_SKRIVESTIER) <= sett, f"Erklært, men finnes ikke: {set(API_SKRIVESTIER) - sett}"
