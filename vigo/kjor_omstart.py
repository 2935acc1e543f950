"""Run a command and start it again when it dies: ``python -m vigo.kjor_omstart [--navn worker] -- <command …>``.

``make run`` (vigo/kjor.py) runs web, worker and beat under honcho, and honcho stops *everything* as soon as one
process exits: a worker killed by the OOM killer took the web server and beat down with it. Each of them is
therefore started through this small supervisor, which honcho never sees exit unless it is told to stop.

- The child exits (any code, any signal): start it again after a pause that doubles from ``--pause`` up to
  ``--maks-pause``, back to ``--pause`` once a child has lived ``--stabil`` seconds (a crash loop does not spin).
- SIGTERM/SIGINT/SIGHUP (honcho on Ctrl-C, or anyone): pass it on to the child, wait for it, exit – no restart.
  A child that has not stopped after ``--stopptid`` seconds is killed.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence


class Omstarter:
    def __init__(self, kommando: Sequence[str], navn: str = "", pause: float = 1.0, maks_pause: float = 30.0,
                 stabil: float = 60.0, stopptid: float = 20.0, maks_starter: int | None = None):  # fmt: skip
        self.kommando = list(kommando)
        self.navn = navn or self.kommando[0]
        self.pause, self.maks_pause, self.stabil, self.stopptid = pause, maks_pause, stabil, stopptid
        self.maks_starter = maks_starter  # for tests: give up after this many starts
        self.starter = 0
        self.barn: subprocess.Popen | None = None
        self._stopp = threading.Event()

    def _skriv(self, tekst: str) -> None:
        print(f"[omstart {self.navn}] {tekst}", file=sys.stderr, flush=True)

    def stopp(self, signum: int = signal.SIGTERM, _ramme=None) -> None:
        """Stop for good: no more restarts; the running child gets the signal."""
        self._stopp.set()
        barn = self.barn
        if barn is not None and barn.poll() is None:
            try:
                barn.send_signal(signum)
            except ProcessLookupError:
                pass

    def kjor(self) -> int:
        pause = self.pause
        while not self._stopp.is_set():
            self.starter += 1
            startet = time.monotonic()
            self.barn = subprocess.Popen(self.kommando)
            if self._stopp.is_set():  # the signal came while starting: the new child must get it too
                self.stopp()
            kode = self._vent_pa_barn()
            if self._stopp.is_set():
                break
            levde = time.monotonic() - startet
            if levde >= self.stabil:
                pause = self.pause
            if self.maks_starter is not None and self.starter >= self.maks_starter:
                self._skriv(f"avsluttet med kode {kode}; gir opp etter {self.starter} starter.")
                return kode or 1
            self._skriv(f"avsluttet med kode {kode} etter {levde:.0f} s; starter på nytt om {pause:g} s.")
            if self._stopp.wait(pause):
                break
            pause = min(self.maks_pause, pause * 2)
        return 0  # stopped on request

    def _vent_pa_barn(self) -> int:
        assert self.barn is not None
        while True:
            try:
                return self.barn.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                if self._stopp.is_set():
                    try:
                        return self.barn.wait(timeout=self.stopptid)
                    except subprocess.TimeoutExpired:
                        self._skriv(f"stoppet ikke på {self.stopptid:g} s; drepes.")
                        self.barn.kill()
                        return self.barn.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigo.kjor_omstart", description=__doc__.splitlines()[0])
    parser.add_argument("--navn", default="")
    parser.add_argument("--pause", type=float, default=1.0)
    parser.add_argument("--maks-pause", type=float, default=30.0)
    parser.add_argument("--stabil", type=float, default=60.0)
    parser.add_argument("--stopptid", type=float, default=20.0)
    parser.add_argument("kommando", nargs=argparse.REMAINDER)
    a = parser.parse_args(argv)
    kommando = a.kommando[1:] if a.kommando[:1] == ["--"] else a.kommando
    if not kommando:
        parser.error("mangler kommando etter --")
    o = Omstarter(kommando, a.navn, a.pause, a.maks_pause, a.stabil, a.stopptid)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, o.stopp)
    return o.kjor()


if __name__ == "__main__":
    sys.exit(main())
