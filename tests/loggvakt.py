"""Log guard for the whole test session: no log line may hold a fødselsnummer or a synthetic person's name, e-mail
address or phone number (vigo/logg.py).

A handler first on the root logger at level 1 records every record the session emits, at every level, before the
personal data filter of the console handler redacts it: the guard checks the sources, not the safety net. The
noisy libraries (vigo.logg.STOYENDE), which run at WARNING, are opened to every level for the session, so their
debug lines are checked too.

What counts as personal data:
- any 11-digit number (also «DDMMÅÅ NNNNN») whose two check digits are right (real and Test Norge numbers alike),
- the names, e-mail addresses and mobile numbers of every vigo.Person saved during the session (post_save),
- every name combination from the demo name lists (vigo.demodata), which bulk-created persons (no post_save) use.

Each distinct line is kept once with the first test that logged it; the check runs at the end of the session
and fails the session with a list of the offending lines and tests. Hooked into tests/conftest.py.
"""

from __future__ import annotations

import logging
import re

from stdnum.no import fodselsnummer as _fnr

FNR = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)")
EPOST = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
SIFRE = re.compile(r"\+?\d[\d -]{6,}\d")
ORD = re.compile(r"\w+")
MAKS_VIST = 20


def er_fodselsnummer(nummer: str) -> bool:
    """The check digits of a fødselsnummer/D-nummer (the same for Test Norge's synthetic numbers)."""
    return nummer[9:] == _fnr.calc_check_digit1(nummer[:9]) + _fnr.calc_check_digit2(nummer[:10])


def _telefon(tekst: str) -> str:
    """The last eight digits: «+47 412 34 567», «0047 41234567» and «41234567» are one number."""
    return re.sub(r"\D", "", tekst)[-8:]


class Loggvakt(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=1)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.linjer: dict[str, str] = {}  # formatted line -> first test that logged it
        self.test = "(før første test)"
        self.navn: dict[str, set[str]] = {}  # a name's last word (lower case) -> full forms (lower case)
        self.eposter: set[str] = set()
        self.telefoner: set[str] = set()
        self.personer = 0
        self.nivaer: dict[str, tuple[int, bool]] = {}  # logger -> (level, propagate) before installer()

    # --- recording ----------------------------------------------------------------------------------------
    def emit(self, record: logging.LogRecord) -> None:
        try:
            linje = self.format(record)
        except Exception:
            return
        self.linjer.setdefault(linje, self.test)

    def installer(self) -> None:
        """First on the root logger (before the redacting console handler), the noisy libraries opened. Again
        before each test: a test that (re)configures logging, e.g. one starting a Celery worker, drops handlers."""
        from vigo.logg import STOYENDE

        rot = logging.getLogger()
        if not rot.handlers or rot.handlers[0] is not self:
            if self in rot.handlers:
                rot.removeHandler(self)
            rot.handlers.insert(0, self)
        for navn in ("", *STOYENDE):
            logger = logging.getLogger(navn)
            self.nivaer.setdefault(navn, (logger.level, logger.propagate))
            logger.setLevel(1 if logger is rot else logging.NOTSET)
            logger.propagate = True
            logger.disabled = False

    def avinstaller(self) -> None:
        """Back as configured: after the session, e.g. pgserver's exit handler logs to a closed stream."""
        for navn, (niva, propagate) in self.nivaer.items():
            logging.getLogger(navn).setLevel(niva)
            logging.getLogger(navn).propagate = propagate
        logging.getLogger().removeHandler(self)

    # --- what to look for ---------------------------------------------------------------------------------
    def legg_til_navn(self, fornavn: str, mellomnavn: str, etternavn: str) -> None:
        fornavn, mellomnavn, etternavn = (s.strip().lower() for s in (fornavn, mellomnavn, etternavn))
        if not (fornavn and etternavn):
            return
        former = {f"{fornavn} {etternavn}", f"{etternavn}, {fornavn}", f"{etternavn} {fornavn}"}
        if mellomnavn:
            former |= {f"{fornavn} {mellomnavn} {etternavn}", f"{etternavn}, {fornavn} {mellomnavn}"}
        nokler = {etternavn.split()[-1], fornavn.split()[-1]}
        for nokkel in nokler:
            self.navn.setdefault(nokkel, set()).update(former)

    def person_lagret(self, sender, instance, **kwargs) -> None:
        self.personer += 1
        self.legg_til_navn(instance.fornavn or "", instance.mellomnavn or "", instance.etternavn or "")
        if instance.epost:
            self.eposter.add(instance.epost.lower())
        if instance.mobil and len(_telefon(instance.mobil)) == 8:
            self.telefoner.add(_telefon(instance.mobil))

    def demonavn(self) -> None:
        from vigo.demodata import ETTERNAVN, FORNAVN

        for etternavn in ETTERNAVN:
            for fornavn in FORNAVN:
                self.legg_til_navn(fornavn, "", etternavn)

    # --- the check ----------------------------------------------------------------------------------------
    def funn(self, linje: str) -> list[str]:
        grunner = [f"fødselsnummer {a}{b}" for a, b in FNR.findall(linje) if er_fodselsnummer(a + b)]
        liten = linje.lower()
        for ord_ in set(ORD.findall(liten)):
            for navn in self.navn.get(ord_, ()):
                if navn in liten:
                    grunner.append(f"navn «{navn}»")
        if "@" in linje:
            grunner += [f"e-post {e}" for e in EPOST.findall(liten) if e in self.eposter]
        if self.telefoner:
            grunner += [f"telefon {t}" for t in SIFRE.findall(linje) if _telefon(t) in self.telefoner]
        return grunner

    def brudd(self) -> list[tuple[str, str, list[str]]]:
        return [(test, linje, g) for linje, test in self.linjer.items() if (g := self.funn(linje))]


def rapport(vakt: Loggvakt, brudd: list[tuple[str, str, list[str]]]) -> str:
    deler = [
        f"Loggvakt: {len(brudd)} av {len(vakt.linjer)} ulike logglinjer har personopplysninger "
        f"({vakt.personer} personer lagret i økten). Rett kilden (vigo/logg.py):"
    ]
    for test, linje, grunner in brudd[:MAKS_VIST]:
        deler.append(f"  {test}: {', '.join(grunner)}\n    {linje[:300]!r}")
    if len(brudd) > MAKS_VIST:
        deler.append(f"  … og {len(brudd) - MAKS_VIST} til")
    return "\n".join(deler)
