"""Tilbudsbrev: one letter per søker (plus a copy to each guardian of a minor) from the standard-document tool.

The text is the county's published version of the document type «tilbudsbrev» (``inntak.kjoring.dokumenttype``),
edited under Dokumentmaler (``vigo.dokumentmal``), or the built-in default until the county publishes one; the tool's
layout adds the letterhead (sender name and address from the system parameters, the logo of the county's active
``Brevmal``). ``Brevmal`` keeps only the logo and the e-mail subject: its ``innhold`` is no longer read (it was
copied into version 1 of the county's tilbudsbrev by migration inntak 0011).

PDF with WeasyPrint, bounded in memory: letters are rendered in chunks of ``BITE`` søkere; each chunk is one
HTML document (a page break before every letter) rendered once, written as one part of the merged PDF, and cut
into per-søker PDFs with ``Document.copy(pages)`` (pages are matched to søkere by the letter's anchor id, which
the tool's layout puts on every document). The per-søker files go into a ZIP written to a temporary file; the
parts are joined into one merged PDF with pypdf from temporary files at the end. Notifications (e-mail, SMS) go
out after commit.
"""

from __future__ import annotations

import base64
import datetime
import mimetypes
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from inntak.kjoring.sms import hent_sms_sender
from inntak.models import Brevmal, Inntakskjoring, Soknad, Tildeling, Venteliste
from vigo.dokumentmal.gjengi import gjengi_html
from vigo.dokumentmal.selectors import aktiv_mal
from vigo.models import Dokumentmal, Person
from vigo.parametere.selectors import parameter

BITE = 250
MYNDIG_ALDER = 18
# The type's code in the standard-document tool, registered by dokumenttype.registrer_tilbudsbrev (InntakConfig.ready).
DOKUMENTTYPE = "tilbudsbrev"

# The built-in body after the heading (``dokumenttype.HODE`` prints recipient, date and heading before it).
STANDARD_INNHOLD = """<p>Hei {{ soker.fornavn }}!</p>
{% if tildeling.tilbud %}<p>Du har fått tilbud om plass på <strong>{{ tildeling.tilbud.programomrade.navn }}</strong>
ved <strong>{{ tildeling.tilbud.skole.navn }}</strong> i skoleåret {{ soknad.skolear.kode }}{% if tildeling.onske_nr %}
(ditt {{ tildeling.onske_nr }}. ønske){% endif %}{% if tildeling.kvote %}, etter resultatet ditt på inntaksprøven{% endif %}.</p>
{% else %}<p>Du har dessverre ikke fått tilbud om plass i denne inntaksrunden ({{ runde }}. inntak).</p>{% endif %}
{% if ventelister %}<p>Du står på venteliste til disse høyere ønskene:</p>
<ul>{% for v in ventelister %}<li>{{ v.onske_nr }}. ønske: {{ v.tilbud.programomrade.navn }}, {{ v.tilbud.skole.navn }}
– plass nr. {{ v.plass }} på ventelisten{% if v.kvote %} for plassene som fordeles etter inntaksprøven{% endif %}</li>{% endfor %}</ul>
<p>Får du senere tilbud på et høyere ønske, mister du automatisk plassen du har takket ja til.</p>{% endif %}
<p>Du må svare innen <strong>{{ svarfrist|date:"j. F Y" }}</strong> på vigo.no. Svarer du ikke innen fristen, mister du
plassen og plassene på ventelisten. Svarer du nei, går du ut av inntaket.</p>
<p>Vedtaket kan påklages innen tre uker etter at du mottok dette brevet (forvaltningsloven § 29).
Retten til inntak gjelder et utdanningsprogram, ikke en bestemt skole.</p>
<p>Med vennlig hilsen<br>{{ fylke.navn }} fylkeskommune, inntakskontoret</p>"""


def aktiv_tilbudsbrev(fylke) -> Dokumentmal:
    """The text every letter issued now uses: the county's published «tilbudsbrev» version (Dokumentmaler), else
    the built-in default (unsaved, version 0)."""
    return aktiv_mal(fylke, DOKUMENTTYPE)


def aktiv_brevmal(fylke) -> Brevmal:
    """The county's active Brevmal (logo and e-mail subject; its ``innhold`` is no longer read), or an unsaved
    default."""
    mal = Brevmal.objects.filter(fylke=fylke, aktiv=True).first()
    return mal or Brevmal(fylke=fylke, navn="Standard tilbudsbrev", innhold="")


def brevhode(ik: Inntakskjoring) -> dict[str, str]:
    """Sender and address from the county's system parameters for the run's school year (one place for every
    letter the county sends; docs/systemparametere.md)."""
    return {"navn": parameter(ik.fylke, ik.skolear_id, "felles.avsender_navn"),
            "adresse": parameter(ik.fylke, ik.skolear_id, "felles.avsender_adresse")}  # fmt: skip


def _logo(mal: Brevmal) -> str:
    if not mal.logo:
        return ""
    try:
        with mal.logo.open("rb") as fh:
            data = base64.b64encode(fh.read()).decode()
    except OSError:
        return ""
    typ = mimetypes.guess_type(mal.logo.name)[0] or "image/png"
    return f"data:{typ};base64,{data}"


def er_mindrearig(person: Person, dato: datetime.date) -> bool:
    f = person.fodselsdato
    return (dato.year - f.year - ((dato.month, dato.day) < (f.month, f.day))) < MYNDIG_ALDER


def mottakere_for(ik: Inntakskjoring, soknad_ids: Iterable[int] | None = None) -> list[int]:
    """Søknader that get a letter: those who must answer this round (new offer or only waitlist places)."""
    from inntak.kjoring.svar import trenger_svar

    ids = trenger_svar(ik)
    return sorted(ids if soknad_ids is None else ids & set(soknad_ids))


def brev_kontekster(ik: Inntakskjoring, soknad_ids: list[int], dato: datetime.date) -> list[dict[str, Any]]:
    """One context per letter (the søker's, then one per guardian of a minor), in ``soknad_ids`` order."""
    soknader = Soknad.objects.filter(pk__in=soknad_ids).select_related("person", "skolear")
    soknader = soknader.prefetch_related("person__foresatte__foresatt")
    per_id = {s.pk: s for s in soknader}
    tildelinger = {t.soknad_id: t for t in Tildeling.objects.filter(inntakskjoring=ik, soknad_id__in=soknad_ids)
                   .select_related("tilbud__skole", "tilbud__programomrade")}  # fmt: skip
    venter: dict[int, list[Venteliste]] = {}
    for v in (Venteliste.objects.filter(inntakskjoring=ik, soknad_id__in=soknad_ids)
              .select_related("tilbud__skole", "tilbud__programomrade").order_by("onske_nr")):  # fmt: skip
        venter.setdefault(v.soknad_id, []).append(v)
    ut = []
    for sid in soknad_ids:
        s = per_id.get(sid)
        if s is None:
            continue
        felles = {"soker": s.person, "soknad": s, "tildeling": tildelinger.get(sid), "ventelister": venter.get(sid, []),
                  "svarfrist": ik.svarfrist, "runde": ik.runde, "fylke": ik.fylke, "dato": dato}  # fmt: skip
        ut.append({**felles, "mottaker": s.person, "er_kopi_til_foresatt": False, "anker": f"soker-{sid}-0"})
        if er_mindrearig(s.person, dato):
            for n, f in enumerate(s.person.foresatte.all(), 1):
                ut.append({**felles, "mottaker": f.foresatt, "er_kopi_til_foresatt": True,
                           "anker": f"soker-{sid}-{n}"})  # fmt: skip
    return ut


def lag_html(
    mal: Dokumentmal | Brevmal,
    kontekster: list[dict[str, Any]],
    hode: dict[str, str],
    *,
    logo: str | None = None,
) -> str:
    """One HTML document with every letter (page break before each, the letter's ``anker`` as its id), rendered by
    the standard-document tool; the letterhead is ``hode`` (``brevhode``) and ``logo`` (default: the logo of the
    county's active Brevmal). ``mal`` is the tilbudsbrev version (``aktiv_tilbudsbrev``); a ``Brevmal`` is still
    accepted from callers written before the switch, and then its county's active tilbudsbrev gives the text and
    the Brevmal only the logo. Raises ``vigo.dokumentmal.gjengi.Malfeil`` for a text that cannot be filled in."""
    if isinstance(mal, Brevmal):
        logo = _logo(mal) if logo is None else logo
        mal = aktiv_tilbudsbrev(mal.fylke)
    elif logo is None:
        logo = _logo(aktiv_brevmal(mal.fylke))
    return gjengi_html(mal, kontekster, hode=hode, logo=logo)


def _pdf_dokument(html: str, *, bare_data: bool = False):
    """The rendered WeasyPrint document. ``bare_data``: fetch only ``data:`` URIs (the logo), as the tool's
    ``til_pdf`` does, because the letter text is written by the county (a file or web address gets no image)."""
    from weasyprint import HTML

    if not bare_data:
        return HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    from weasyprint.urls import URLFetcher

    henter = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=henter).render()


def lag_pdf(ik: Inntakskjoring, soknad_id: int, *, kopier_til_foresatte: bool = True) -> bytes:
    """The letter(s) of one søker as a PDF (preview on the applicant page; the applicant's own copy in the portal
    without the guardians' copies)."""
    dato = timezone.localdate()
    kontekster = [k for k in brev_kontekster(ik, [soknad_id], dato)
                  if kopier_til_foresatte or not k["er_kopi_til_foresatt"]]  # fmt: skip
    html = lag_html(aktiv_tilbudsbrev(ik.fylke), kontekster, brevhode(ik))
    return _pdf_dokument(html, bare_data=True).write_pdf()


def _del_per_soker(dokument) -> list[tuple[int, list]]:
    """Group the rendered pages by the søker whose letter anchor they carry."""
    grupper: list[tuple[int, list]] = []
    for side in dokument.pages:
        ankre = [a for a in side.anchors if a.startswith("soker-")]
        sid = int(ankre[-1].split("-")[1]) if ankre else None
        if sid is not None and (not grupper or grupper[-1][0] != sid):
            grupper.append((sid, [side]))
        elif grupper:
            grupper[-1][1].append(side)
    return grupper


def _lagre_samlet(filnavn: str, delfiler: list[Any], lagre_fil: Callable[..., Any]) -> None:
    """Join the rendered parts into one PDF (pypdf) and store it; the parts are temporary files."""
    from pypdf import PdfWriter

    skriver = PdfWriter()
    try:
        for delfil in delfiler:
            skriver.append(delfil)
        with tempfile.TemporaryFile() as samlet:
            skriver.write(samlet)
            samlet.seek(0)
            lagre_fil(filnavn, samlet, "application/pdf")
    finally:
        skriver.close()
        for delfil in delfiler:
            delfil.close()


def lag_tilbudsbrev(
    ik: Inntakskjoring,
    *,
    lagre_fil: Callable[..., Any],
    fremdrift: Callable[..., None] | None = None,
    soknad_ids: Iterable[int] | None = None,
) -> dict[str, Any]:
    """Render all letters of a published round in chunks; store merged part(s) and a ZIP of per-søker PDFs."""
    if not ik.publisert:
        raise ValueError("Tilbudsbrev lages bare for en publisert runde.")
    ids = mottakere_for(ik, soknad_ids)
    mal, hode = aktiv_tilbudsbrev(ik.fylke), brevhode(ik)
    logo = _logo(aktiv_brevmal(ik.fylke))  # read once, not per chunk
    dato = timezone.localdate()
    deler = max(1, -(-len(ids) // BITE))
    antall_brev = 0
    navn = f"tilbudsbrev_{ik.niva.lower()}_{ik.skolear.kode}_runde{ik.runde}"
    delfiler: list[Any] = []
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for nr, start in enumerate(range(0, len(ids), BITE), 1):
                bit = ids[start : start + BITE]
                kontekster = brev_kontekster(ik, bit, dato)
                antall_brev += len(kontekster)
                dokument = _pdf_dokument(lag_html(mal, kontekster, hode, logo=logo), bare_data=True)
                delfil = tempfile.TemporaryFile()
                dokument.write_pdf(delfil)
                delfil.seek(0)
                delfiler.append(delfil)
                for sid, sider in _del_per_soker(dokument):
                    zf.writestr(f"{sid}.pdf", dokument.copy(sider).write_pdf())
                del dokument
                if fremdrift:
                    fremdrift(min(start + BITE, len(ids)), len(ids), f"Tilbudsbrev: del {nr} av {deler}")
        tmp.seek(0)
        lagre_fil(f"{navn}_per_soker.zip", tmp, "application/zip")
    if delfiler:
        _lagre_samlet(f"{navn}_samlet.pdf", delfiler, lagre_fil)
    return {"sokere": len(ids), "brev": antall_brev, "deler": deler if ids else 0, "soknad_ids": ids}


def send_varsler(ik: Inntakskjoring, soknad_ids: list[int]) -> None:
    """E-mail and SMS notifications, sent after the surrounding transaction commits."""
    transaction.on_commit(lambda: _send_varsler(ik.pk, list(soknad_ids)))


def _send_varsler(ik_pk: int, soknad_ids: list[int]) -> dict[str, int]:
    ik = Inntakskjoring.objects.select_related("fylke", "skolear").defer("snapshot", "resultat").get(pk=ik_pk)
    mal = aktiv_brevmal(ik.fylke)
    dato = timezone.localdate()
    frist = f"{ik.svarfrist:%d.%m.%Y}" if ik.svarfrist else ""
    eposter, sms = [], []
    for start in range(0, len(soknad_ids), 1000):
        for s in (Soknad.objects.filter(pk__in=soknad_ids[start : start + 1000])
                  .select_related("person").prefetch_related("person__foresatte__foresatt")):  # fmt: skip
            personer = [s.person]
            if er_mindrearig(s.person, dato):
                personer += [f.foresatt for f in s.person.foresatte.all()]
            for p in personer:
                gjelder = "" if p.pk == s.person_id else f" (gjelder {s.person.navn})"
                tekst = (f"Hei {p.fornavn}! Svaret på søknaden om inntak til videregående opplæring{gjelder} "
                         f"for {ik.skolear.kode} er klart på vigo.no. Svarfrist: {frist}.")  # fmt: skip
                if p.epost:
                    eposter.append(EmailMessage(mal.emne, tekst, settings.DEFAULT_FROM_EMAIL, [p.epost]))
                if p.mobil:
                    sms.append((p.mobil, tekst))
    if eposter:
        get_connection().send_messages(eposter)
    sender = hent_sms_sender()
    for nummer, tekst in sms:
        sender.send(nummer, tekst)
    return {"epost": len(eposter), "sms": len(sms)}
