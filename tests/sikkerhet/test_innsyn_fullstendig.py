"""Red team: the audit log against a scripted browse. Every list, search, detail and history page of personal
data – in the admin and in the caseworker UI – writes exactly one ``Innsyn`` row: the user, the action, the
person where the page is about one, the number of persons and the address. Pages without personal data write
none, and a page that answers 404 has shown nothing.

The pages are discovered, not listed by hand: every registered admin, and every named URL of the UI (a new view
must be placed in one of the tables below, or ``test_hver_side_i_ui_er_klassifisert`` fails). The REST API is
audited by its own tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.inntak_kjoring.conftest import inntak, kjor, lag_soknad, sett_poeng  # noqa: F401
from tests.sikkerhet import test_admin_inndata
from vigo.models import Innsyn, Person, Rolle
from vigo.scoping import avgrens

verden = test_admin_inndata.verden  # the same data: both counties, every model, a published intake round

pytestmark = pytest.mark.django_db

# The admin's personal-data models and how a row leads to its person. A model that reaches a Person through its
# foreign keys but is missing here fails test_alle_personmodeller_i_admin_er_kjent.
PERSON_FOR: dict[str, Callable] = {
    "vigo.Person": lambda o: o,
    "vigo.Innsyn": lambda o: o.person,
    "inntak.Soknad": lambda o: o.person,
    "inntak.Vedtak": lambda o: o.soknad.person,
    "inntak.Karakter": lambda o: o.person,
    "inntak.Poeng": lambda o: o.soknad.person,
    "inntak.Saksbehandlingslogg": lambda o: o.soknad.person,
    "elev.Elevforhold": lambda o: o.person,  # the register's admins are read-only (inntak/elev/admin.py)
    "elev.Elevfag": lambda o: o.person,
    "elev.Vitnemalsmerknad": lambda o: o.elevkurs.person,
    "elev.Rett": lambda o: o.person,
    # fagopplæring (fagopplaering/admin.py, read-only): applicants in formidling and apprentices under contract
    "fagopplaering.Formidling": lambda o: o.person,
    "fagopplaering.Formidlingstilbud": lambda o: o.formidling.person,
    "fagopplaering.Intensjonsavtale": lambda o: o.person,  # a forhåndsavtale names its candidate
    "fagopplaering.Kontrakt": lambda o: o.person,
    "fagopplaering.Avbrudd": lambda o: o.kontrakt.person,
    "fagopplaering.Kontraktendring": lambda o: o.kontrakt.person,
    "fagopplaering.Tilskuddslinje": lambda o: o.kontrakt.person,
    "fagopplaering.Nemndmedlem": lambda o: o.person,  # prøvenemnd members
    "fagopplaering.Prove": lambda o: o.person,
    "fagopplaering.Klage": lambda o: o.prove.person,
    "fagopplaering.Fagdokument": lambda o: o.person,
    "fagopplaering.Hendelse": lambda o: (
        (o.kontrakt or o.formidling).person if (o.kontrakt or o.formidling) else None
    ),
}


def _forer_til_person(modell, dybde: int = 3) -> bool:
    if modell is Person:
        return True
    if dybde == 0:
        return False
    return any(
        _forer_til_person(f.related_model, dybde - 1)
        for f in modell._meta.get_fields()
        if f.is_relation and f.concrete and (f.many_to_one or f.one_to_one) and f.related_model is not None
    )


def _besok(client, url: str, data: dict | None = None, status: int = 200) -> list[Innsyn]:
    """GET the page; the Innsyn rows it wrote."""
    forrige = Innsyn.objects.aggregate(m=Max("pk"))["m"] or 0
    resp = client.get(url, data or {})
    assert resp.status_code == status, (url, data, resp.status_code)
    return list(Innsyn.objects.filter(pk__gt=forrige).select_related("person"))


def _en_rad(rader: list[Innsyn], bruker, handling: str, *, person=None, antall: int | None = None) -> Innsyn:
    assert len(rader) == 1, [str(r) for r in rader]
    rad = rader[0]
    assert (rad.bruker, rad.aktor, rad.handling) == (bruker, bruker.username, handling), str(rad)
    assert rad.person == person, (str(rad), rad.person, person)
    assert rad.ip, str(rad)
    assert rad.fylke_id == (person.fylke_id if person is not None else bruker.fylke_id), str(rad)
    if antall is not None:
        assert rad.antall == antall, (str(rad), antall)
    if person is not None:
        assert person.fodselsnummer not in rad.hva and person.etternavn not in rad.hva, rad.hva
    return rad


def _admin_url(modell_admin, navn: str, *args) -> str:
    opts = modell_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{navn}", args=args)


def _eneste(personer: set):
    return next(iter(personer)) if len(personer) == 1 else None


# --- The admin ------------------------------------------------------------------------------------------------


def test_alle_personmodeller_i_admin_er_kjent():
    funnet = {m._meta.label for m in admin.site._registry if _forer_til_person(m)}
    assert funnet == set(PERSON_FOR)


def test_admin_lister_sok_skjema_og_historikk_logges(client, verden):
    bruker = verden["brukere"]["A"][Rolle.FYLKESADMIN]
    client.force_login(bruker)
    person_a = verden["a"].person
    besokt = set()
    for modell, modell_admin in admin.site._registry.items():
        label = modell._meta.label
        if label not in PERSON_FOR:
            continue
        til_person = PERSON_FOR[label]
        synlige = list(avgrens(modell._default_manager.all(), bruker))
        assert synlige, label
        besokt.add(label)

        # The change list: one row for the list, with the number of rows and the person if there is only one.
        personer = {til_person(o) for o in synlige}
        rader = _besok(client, _admin_url(modell_admin, "changelist"))
        _en_rad(rader, bruker, "vis", person=_eneste(personer), antall=len(synlige))

        # Search: by fødselsnummer where the admin allows it (the person is linked, the number not written out).
        if any(f.lstrip("=").endswith("fodselsnummer") for f in modell_admin.search_fields):
            treff = [o for o in synlige if til_person(o) == person_a]
            rader = _besok(client, _admin_url(modell_admin, "changelist"), {"q": person_a.fodselsnummer})
            rad = _en_rad(rader, bruker, "sok", person=person_a, antall=len(treff))
            assert "fødselsnummer" in rad.hva
        if modell_admin.search_fields:
            rader = _besok(
                client,
                _admin_url(modell_admin, "changelist"),
                {"q": f"finnes-ikke-{modell._meta.model_name}"},
            )
            _en_rad(rader, bruker, "sok", person=None, antall=0)

        # The change form, the history list and an old version of one row about a person in the county.
        obj = next(o for o in synlige if til_person(o) is not None)
        person = til_person(obj)
        _en_rad(_besok(client, _admin_url(modell_admin, "change", obj.pk)), bruker, "vis", person=person)
        _en_rad(_besok(client, _admin_url(modell_admin, "history", obj.pk)), bruker, "vis", person=person)
        historikk = getattr(modell, "history", None)
        if historikk is not None and hasattr(historikk, "filter"):
            # The historical table's own pk is history_id: filter on the tracked object's id field.
            versjon = historikk.filter(**{modell._meta.pk.attname: obj.pk}).first().history_id
            url = _admin_url(modell_admin, "simple_history", obj.pk, versjon)
            rad = _en_rad(_besok(client, url), bruker, "vis", person=person)
            assert "historikk" in rad.hva

        # A row of the other county: 404 on every page, and nothing logged.
        egne = avgrens(modell._default_manager.all(), bruker).values("pk")
        annen = modell._default_manager.exclude(pk__in=egne).first()
        assert annen is not None, label
        for side in ("change", "history"):
            assert _besok(client, _admin_url(modell_admin, side, annen.pk), status=404 if side == "history"
                          else 302) == []  # fmt: skip
    assert besokt == set(PERSON_FOR)


def test_admin_uten_personopplysninger_logges_ikke(client, verden):
    bruker = verden["brukere"]["A"][Rolle.SYSADMIN]
    client.force_login(bruker)
    for modell, modell_admin in admin.site._registry.items():
        if modell._meta.label in PERSON_FOR:
            continue
        assert _besok(client, _admin_url(modell_admin, "changelist")) == [], modell._meta.label
        obj = modell._default_manager.order_by("pk").first()
        if obj is not None:
            assert _besok(client, _admin_url(modell_admin, "change", obj.pk)) == [], modell._meta.label


def test_admin_sok_paa_fodselsnummer_som_sysadmin_lenker_personen(client, verden):
    """The system administrator sees both counties: the row's county is the person's."""
    bruker = verden["brukere"]["A"][Rolle.SYSADMIN]
    client.force_login(bruker)
    person_b = verden["b"].person
    rader = _besok(client, reverse("admin:vigo_person_changelist"), {"q": person_b.fodselsnummer})
    assert len(rader) == 1 and rader[0].person == person_b and rader[0].fylke == person_b.fylke
    assert person_b.fodselsnummer not in rader[0].hva
    # The delete confirmation lists the person's data too (only the system administrator may delete).
    rad = _en_rad(_besok(client, reverse("admin:vigo_person_delete", args=[person_b.pk])), bruker, "vis",
                  person=person_b)  # fmt: skip
    assert "sletting" in rad.hva


def test_sok_paa_del_av_fodselsnummer_skrives_ikke_ut(client, verden):
    """A prefix of a fødselsnummer, even split by spaces, is not written into the log text either; a name that
    matches several persons is (no single person to link instead)."""
    bruker = verden["brukere"]["A"][Rolle.SYSADMIN]
    client.force_login(bruker)
    fnr = verden["a"].person.fodselsnummer
    for q in (fnr[:6], f"{fnr[:3]} {fnr[3:6]} {fnr[6:]}"):
        rader = _besok(client, reverse("admin:vigo_person_changelist"), {"q": q})
        assert len(rader) == 1 and fnr[:6] not in rader[0].hva and fnr[:3] not in rader[0].hva, rader[0].hva
    rader = _besok(client, reverse("admin:inntak_soknad_changelist"), {"q": "sen"})  # Trondsen and Oslosen
    _en_rad(rader, bruker, "sok", antall=2)
    assert "«sen»" in rader[0].hva


# --- The caseworker UI ------------------------------------------------------------------------------------------

# Pages that show personal data and write one row per visit (the visits are in test_ui_sider_logges).
LOGGET = {
    "person_liste", "person_detalj", "inntak:sok", "inntak:soknad", "inntak:vedtak", "inntak:tilbud",
    "inntak:arbeidsko", "inntak:ik_tilbud", "inntak:ik_svar", "inntak:ik_rett", "inntak:ik_sammenlign",
    "inntak:inntaksprove",
    "inntak:voksne",  # one row when the page lists anybody (tests/inntak/test_voksen_sider.py)
    "inntak:soknad_endre",  # a caseworker changes a søknad on the applicant's behalf
    "elev:privatist_liste", "elev:privatist",  # tests/elev/test_privatist.py
    "elev:ot_liste", "elev:ot_ungdom",  # OT work list and youth (notes only with særtilgang): tests/elev/test_ot_sider.py
    # the elevkurs list, 4S001 and a new elevkurs: tests/elev/test_personside.py, tests/elev/test_vedlikehold.py
    "elev:elevkurs_liste", "elev:elevkurs", "elev:elevkurs_ny",
    *(FAGOPPLAERING_LOGGET := {
        "fagopplaering:sok", "fagopplaering:bedrift", "fagopplaering:formidling_liste", "fagopplaering:formidling",
        "fagopplaering:formidling_alternativ", "fagopplaering:intensjonsavtaler", "fagopplaering:kontrakter",
        "fagopplaering:kontrakt", "fagopplaering:kontrakt_fra_formidling", "fagopplaering:tilskudd_bedrift",
        "fagopplaering:tilskudd_kontrakt", "fagopplaering:prover", "fagopplaering:prove",
        "fagopplaering:prove_ny",  # from a contract it shows the candidate
        "fagopplaering:kontrollrapport",
        "fagopplaering:nemnd_detalj",  # members and candidates by name
    }),  # test_fagopplaering_sider_logges below
    *(RAPPORTER_LOGGET := {
        # Udir/SSB feedback beside the sent lines: internal references, messages with fødselsnumre masked; each
        # view audited (tests/rapporter/test_innlesing_tilbakemelding.py)
        "rapporter:tilbakemeldinger",
        # the ad-hoc list's preview: a search of persons when personal columns are chosen (tests/rapporter/test_adhoc.py)
        "rapporter:lister",
    }),
}  # fmt: skip
# Logged pages whose visits are tested with their feature (not in test_ui_sider_logges below).
LOGGET_ANDRE_STEDER = {"elev:privatist_liste", "elev:privatist", "elev:ot_liste", "elev:ot_ungdom",
                       "elev:elevkurs_liste", "elev:elevkurs", "elev:elevkurs_ny", *FAGOPPLAERING_LOGGET,
                       *RAPPORTER_LOGGET}  # fmt: skip
# Downloads and exports: logged as "nedlasting"/"eksport" and tested with their features.
EKSPORT = {
    "kjoring_fil",
    "inntak:dokument",
    "inntak:soknaddokument",
    "inntak:ik_json",
    "inntak:ik_brev",
    "rapporter:last_ned",
    # the ad-hoc list's export (tests/rapporter/test_adhoc.py)
    "rapporter:lister_csv",
    "rapporter:lister_xlsx",
    "fagopplaering:kontrakt_pdf",  # the contract for signing (tests/fagopplaering/test_kontrakt_sider.py)
    "fagopplaering:dokument_pdf",  # fagbrev, vitnemål, letters (tests/fagopplaering/test_prove_sider.py)
    "fagopplaering:nemnd_medlem_brev",  # appointment letter (tests/fagopplaering/test_prove_sider.py)
}
# Writes (POST only): what they change is in the case log and the history, not the audit log of reading.
SKRIVING = {
    "kjoring_avbryt", "inntak:flytt_onske", "inntak:ik_publiser", "inntak:ik_slett", "inntak:ik_registrer_svar",
    "inntak:ik_unntak", "inntak:voksne_tildel", "inntak:voksne_tildel_en", "inntak:voksne_status", "logout", "arshjul:kategori", "arshjul:status", "arshjul:ansvar", "arshjul:planlegg",
    "arshjul:avbryt_planlagt", "arshjul:publiser", "arshjul:kopier", "arshjul:importer",
    "set_language",  # the language switch: sets a cookie, shows nothing
    "rapporter:marker_sendt",
    "rapporter:tilbakemelding_last_opp",  # upload of a feedback file (a Leveransehendelse per import)
    # a paper application: the empty form shows nobody; the fødselsnummer lookup is a POST with its own audit row
    # (tests/inntak/test_soknad_registrering.py)
    "inntak:soknad_ny",
    # fagopplæring: forms and POST actions on companies, formidlinger and contracts (each writes a timeline row)
    "fagopplaering:bedrift_ny", "fagopplaering:bedrift_oppdater", "fagopplaering:bedrift_endre",
    "fagopplaering:godkjenning_ny", "fagopplaering:godkjenning_trekk", "fagopplaering:ansvarlig_ny",
    "fagopplaering:ansvarlig_avslutt", "fagopplaering:medlem_ny", "fagopplaering:medlem_ut",
    "fagopplaering:formidling_status", "fagopplaering:formidling_bedrift", "fagopplaering:formidling_svar",
    "fagopplaering:formidling_sokersvar", "fagopplaering:formidling_ny", "fagopplaering:kontrakt_ny",
    "fagopplaering:kontrakt_send", "fagopplaering:kontrakt_tilbake", "fagopplaering:kontrakt_godkjenn",
    "fagopplaering:kontrakt_endre", "fagopplaering:kontrakt_endring_behandle", "fagopplaering:kontrakt_avbrudd",
    "fagopplaering:avbrudd_avslutt", "fagopplaering:kontrakt_avslutt", "fagopplaering:kontrakt_omgjor",
    "fagopplaering:kontrakt_annuller",
    # prøver: POST actions on the candidate page (each writes a timeline row)
    "fagopplaering:prove_godkjenn", "fagopplaering:prove_avvis", "fagopplaering:prove_avgift",
    "fagopplaering:prove_tildel", "fagopplaering:prove_planlegg", "fagopplaering:prove_resultat",
    "fagopplaering:prove_utsett", "fagopplaering:prove_trekk", "fagopplaering:prove_annuller",
    "fagopplaering:prove_ny_prove", "fagopplaering:prove_klage", "fagopplaering:klage_avgjor",
    "fagopplaering:dokument_pa_nytt",
    # the county's document templates: publishing and restoring a version (audit row per change)
    "dokumentmal:publiser", "dokumentmal:gjenopprett",
    # prøvenemnder: forms (the member form looks a person up by fødselsnummer in a POST) and POST actions
    "fagopplaering:nemnd_ny", "fagopplaering:nemnd_endre", "fagopplaering:nemnd_medlem_ny",
    "fagopplaering:nemnd_medlem_slutt", "fagopplaering:nemnd_lan",
}  # fmt: skip
# No personal data: counts, code registers, the calendar, job progress and public pages.
UTEN_PERSONOPPLYSNINGER = {
    "dashboard", "login", "kjoring_liste", "kjoring_rader", "kjoring_ny", "kjoring_detalj", "kjoring_fremdrift",
    "inntak:index", "inntak:tilbud_liste", "inntak:ik_liste", "inntak:ik_ny", "inntak:ik_jobb",
    "inntak:ik_detalj", "inntak:poenggrenser", "fagopplaering:index", "kodeverk:index", "arshjul:index",
    "arshjul:regler", "arshjul:rutiner", "arshjul:abonnement", "arshjul:ical", "arshjul:til_standard",
    "arshjul:liste", "arshjul:kalender", "arshjul:hjul", "arshjul:pdf", "arshjul:eksport", "arshjul:hendelse",
    "rapporter:index", "poengkalkulator", "helse", "helse_web",
    "elev:index",  # counts per skoleår and the area's jobs
    # deliveries: counts, control findings by internal id and file names; the files are EKSPORT (tests/rapporter)
    "rapporter:leveranser", "rapporter:leveranse", "rapporter:skolefiler",
    "rapporter:privatskoleimport",  # the upload form for 6I020 and earlier imports (file names, counts)
    # statistics: counts only; the CSV/XLSX download of a figure writes an «eksport» row (tests/rapporter)
    "rapporter:statistikk", "rapporter:statistikk_figur",
    "systemparametere", "systemparameter_historikk",
    "elev:ot_import",  # the upload form for OT status (6I015): shows nobody; the rows are read by the job
    # SAS upload (6A001): the form and earlier imports (file name, counts, status); the pupils are read by the job
    "elev:sas_import",
    # fagopplæring: companies (Enhetsregisteret data), the board's counts, upload forms and tilskudd sums per company
    "fagopplaering:bedrifter", "fagopplaering:bedrift_oppslag", "fagopplaering:formidling_tavle",
    "fagopplaering:formidling_hent", "fagopplaering:intensjonsavtale_ny", "fagopplaering:intensjonsavtaler_import",
    "fagopplaering:tilskudd", "fagopplaering:tilskudd_beregning",
    "fagopplaering:provestatistikk", "fagopplaering:provestatistikk_csv",  # counts per lærefag and year
    "fagopplaering:nemnd_liste",  # nemnder with lærefag, period and counts
    # document templates: the template text, its versions, and a preview filled with the type's invented sample
    "dokumentmal:liste", "dokumentmal:rediger", "dokumentmal:forhandsvis", "dokumentmal:versjoner",
}  # fmt: skip


def _navngitte_ui_sider(monstre=None, prefiks: str = "", ns: str = ""):
    for m in get_resolver().url_patterns if monstre is None else monstre:
        sti = prefiks + str(m.pattern)
        if sti.startswith(("admin/", "api/", "static/", "media/")):
            continue
        if isinstance(m, URLResolver):
            yield from _navngitte_ui_sider(m.url_patterns, sti, f"{m.namespace}:" if m.namespace else ns)
        elif isinstance(m, URLPattern) and m.name:
            yield ns + m.name


# The applicant's own pages (vigo/idporten, inntak/portal): «Min side» writes one row per visit with the applicant
# as actor; login, TestID and logout write theirs (tests/portal). The other pages show no personal data.
SOKER = {"portal:min_side", "portal:svar", "portal:tilbudsbrev", "idporten:innlogging", "idporten:start",
         "idporten:tilbake", "idporten:testid", "idporten:logg_ut", "idporten:utlogget",
         # applying (tests/portal/test_soknad_soker.py): the draft and the change page log the applicant's reads
         "portal:soknad_start", "portal:soknad_kladd", "portal:kladd_legg_til", "portal:kladd_fjern",
         "portal:kladd_flytt", "portal:kladd_forkast", "portal:kladd_send", "portal:soknad_endre",
         "portal:dokumentasjon"}  # fmt: skip


def test_hver_side_i_ui_er_klassifisert():
    sider = set(_navngitte_ui_sider())
    klassifisert = LOGGET | EKSPORT | SKRIVING | UTEN_PERSONOPPLYSNINGER | SOKER
    assert sider - klassifisert == set(), (
        "nye sider: legg dem i riktig tabell (og logg innsyn om de viser personer)"
    )
    assert LOGGET <= sider


def test_ui_sider_logges(client, verden, lag_soknad):  # noqa: F811
    bruker = verden["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    a, b, ik = verden["a"], verden["b"], verden["ik"]
    lag_soknad(behandlingskategori="FOR615")  # a case in the work queue (awaiting a vedtak)
    person_a = a.person
    skolear = {"skolear": a.skolear.kode}
    personer = avgrens(Person.objects.all(), bruker)
    besokt = set()

    def besok(navn: str, args=(), data=None, **forventet):
        besokt.add(navn)
        return _en_rad(_besok(client, reverse(navn, args=args), data), bruker, **forventet)

    besok("person_liste", handling="vis", antall=personer.count())
    rad = besok("person_liste", data={"q": person_a.fodselsnummer}, handling="sok", person=person_a, antall=1)
    assert "fødselsnummer" in rad.hva
    besok("person_liste", data={"q": person_a.etternavn}, handling="sok", person=person_a, antall=1)
    besok("person_detalj", args=[person_a.pk], handling="vis", person=person_a)

    soknader = avgrens(type(a).objects.filter(skolear=a.skolear), bruker)
    besok("inntak:sok", handling="vis", antall=soknader.count())
    rad = besok("inntak:sok", data={"q": person_a.fodselsnummer, **skolear}, handling="sok", person=person_a,
                antall=1)  # fmt: skip
    assert "fødselsnummer" in rad.hva
    besok("inntak:soknad", args=[a.pk], handling="vis", person=person_a)
    besok("inntak:vedtak", args=[a.pk], handling="vis", person=person_a)
    tilbud = a.onsker.first().tilbud
    besok("inntak:tilbud", args=[tilbud.pk], handling="vis", antall=tilbud.onsker.count())
    besok("inntak:arbeidsko", data=skolear, handling="vis")
    tildelt = ik.tildelinger.exclude(tilbud=None).select_related("tilbud").first()
    besok("inntak:ik_tilbud", args=[ik.pk, tildelt.tilbud_id], handling="vis")
    besok("inntak:ik_svar", args=[ik.pk], handling="vis")
    besok("inntak:ik_rett", args=[ik.pk], handling="vis")
    besok("inntak:inntaksprove", args=[tilbud.pk], handling="vis", antall=min(tilbud.onsker.count(), 50))
    besok("inntak:soknad_endre", args=[a.pk], handling="vis", person=person_a)
    # ik_sammenlign needs two runs (its own test below); voksne needs adult søknader (its own test)
    assert besokt == LOGGET - {"inntak:ik_sammenlign", "inntak:voksne"} - LOGGET_ANDRE_STEDER

    # The other county's person and applicant: 404, nothing logged.
    assert _besok(client, reverse("person_detalj", args=[b.person.pk]), status=404) == []
    assert _besok(client, reverse("inntak:soknad", args=[b.pk]), status=404) == []


def test_fagopplaering_sider_logges(client, verden):
    """The fagopplæring caseworker's pages that show apprentices or applicants: one row each, with the person where
    the page is about one; the other county's rows answer 404 and log nothing."""
    bruker = verden["brukere"]["A"][Rolle.FAGOPPLAERING]
    client.force_login(bruker)
    bedrift, _g, _a, _m, formidling, _t, _i, kontrakt, _av, _e, _h, beregning, _l, _u = verden["fag"]["50"]
    person = kontrakt.person
    besokt = set()

    def besok(navn: str, args=(), data=None, **forventet):
        besokt.add(navn)
        return _en_rad(_besok(client, reverse(navn, args=args), data), bruker, **forventet)

    besok("fagopplaering:sok", data={"q": person.etternavn}, handling="sok", person=person)
    besok("fagopplaering:bedrift", args=[bedrift.pk], handling="vis")
    besok("fagopplaering:formidling_liste", data={"skolear": formidling.skolear.kode}, handling="vis")
    besok("fagopplaering:formidling", args=[formidling.pk], handling="vis", person=person)
    # the alternative (Vg3 i skole) lists applicants with ungdomsrett not formidlet by the county's date
    type(formidling).objects.filter(pk=formidling.pk).update(ungdomsrett=True)
    besok(
        "fagopplaering:formidling_alternativ",
        data={"skolear": formidling.skolear.kode},
        handling="vis",
        antall=1,
    )
    besok("fagopplaering:kontrakter", handling="vis")
    besok("fagopplaering:kontrakt", args=[kontrakt.pk], handling="vis", person=person)
    besok("fagopplaering:tilskudd_bedrift", args=[beregning.pk, bedrift.pk], handling="vis")
    besok("fagopplaering:tilskudd_kontrakt", args=[kontrakt.pk], handling="vis", person=person)
    # prøver: the list, the candidate page, oppmelding from a contract, the control report
    from fagopplaering.models import Fagdokument, Prove

    prove = Prove.objects.create(fylke=kontrakt.fylke, person=person, kontrakt=kontrakt, kandidattype="laerling",
                                 provetype="fag", programomrade=kontrakt.programomrade, oppmeldt_av="bedrift",
                                 oppmeldt_dato=kontrakt.laeretid_fra)  # fmt: skip
    Fagdokument.objects.create(fylke=kontrakt.fylke, person=person, prove=prove, dokumenttype="vitnemal",
                               status="stoppet", kontroll=[{"kode": "KM140", "alvor": "FEIL", "tekst": "x"}])  # fmt: skip
    besok("fagopplaering:prover", handling="vis")
    besok("fagopplaering:prove", args=[prove.pk], handling="vis", person=person)
    _en_rad(_besok(client, reverse("fagopplaering:prove_ny") + f"?kontrakt={kontrakt.pk}"), bruker, handling="vis",
            person=person)  # fmt: skip
    besokt.add("fagopplaering:prove_ny")
    besok("fagopplaering:kontrollrapport", handling="vis")
    from fagopplaering.models import Nemndmedlem, Provenemnd

    nemnd = Provenemnd.objects.create(fylke=kontrakt.fylke, navn="Nemnd", periode_fra=2024, periode_til=2027)
    Nemndmedlem.objects.create(nemnd=nemnd, person=person, rolle="leiar", oppnevnt_dato=kontrakt.laeretid_fra,
                               fra=kontrakt.laeretid_fra)  # fmt: skip
    besok("fagopplaering:nemnd_detalj", args=[nemnd.pk], handling="vis")
    # the forhåndsavtaler list logs when it names a candidate; the formidling must be accepted to make a contract
    besokt |= {"fagopplaering:intensjonsavtaler", "fagopplaering:kontrakt_fra_formidling"}
    assert besokt == FAGOPPLAERING_LOGGET

    _b_bedrift, *_, b_kontrakt, _bav, _be, _bh, _bb, _bl, _bu = verden["fag"]["03"]
    b_formidling = verden["fag"]["03"][4]
    for navn, args in (("fagopplaering:kontrakt", [b_kontrakt.pk]), ("fagopplaering:formidling", [b_formidling.pk]),
                       ("fagopplaering:tilskudd_kontrakt", [b_kontrakt.pk])):  # fmt: skip
        assert _besok(client, reverse(navn, args=args), status=404) == [], navn


def test_ui_sider_uten_personopplysninger_logges_ikke(client, verden):
    client.force_login(verden["brukere"]["A"][Rolle.INNTAK])
    ik = verden["ik"]
    for navn, args in (("dashboard", []), ("inntak:index", []), ("inntak:tilbud_liste", []),
                       ("inntak:ik_liste", []), ("inntak:ik_detalj", [ik.pk]), ("kjoring_liste", []),
                       ("arshjul:index", []), ("kodeverk:index", [])):  # fmt: skip
        forrige = Innsyn.objects.aggregate(m=Max("pk"))["m"] or 0
        resp = client.get(reverse(navn, args=args))
        assert resp.status_code in (200, 302), (navn, resp.status_code)
        assert not Innsyn.objects.filter(pk__gt=forrige).exists(), navn


def test_sammenligning_av_inntakskjoringer_logges(client, verden, kjor):  # noqa: F811
    bruker = verden["brukere"]["A"][Rolle.INNTAK]
    client.force_login(bruker)
    ik = verden["ik"]
    annen = kjor(runde=2, simulering=True)
    url = reverse("inntak:ik_sammenlign", args=[annen.pk])
    assert _besok(client, url) == []  # only the list of runs to compare with
    _en_rad(_besok(client, url, {"med": ik.pk}), bruker, "vis")
