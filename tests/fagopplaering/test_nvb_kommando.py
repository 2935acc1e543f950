"""``manage.py nvb_kontroll`` (fagopplaering/management/commands/nvb_kontroll.py; docs/fagopplaering/nvb.md):
JSON lines on stdout, a Norwegian summary on stderr, exit code 0/1/2 – and the transport that sends the file
(fagopplaering.nvb.transport) against a directory and a local HTTP stub. No database."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fagopplaering.nvb.format import skriv_tekst
from fagopplaering.nvb.transport import FilTransport, HttpTransport, Kvittering, transport_fra_innstillinger
from tests.fagopplaering.test_nvb_format import lag_fil

NOKLER = ["vgdoknr", "klasse", "alvor", "kode", "tekst"]


def kjor(*args: str) -> tuple[list[dict], str, CommandError | None]:
    ut, feil = io.StringIO(), io.StringIO()
    unntak = None
    try:
        call_command("nvb_kontroll", *args, stdout=ut, stderr=feil)
    except CommandError as e:
        unntak = e
    return [json.loads(li) for li in ut.getvalue().splitlines()], feil.getvalue(), unntak


def test_god_fil_gir_ingen_meldinger_og_kode_0(tmp_path):
    sti = tmp_path / "vm.nvb"
    sti.write_text(skriv_tekst(lag_fil()), encoding="utf-8")
    meldinger, sammendrag, unntak = kjor("--fil", str(sti), "--idag", "2025-09-01")
    assert meldinger == [] and unntak is None
    assert (
        "3 dokumenter og 1 annullering; 0 feil, 0 varsler, 0 info. 4 av 4 kan sendes til NVB." in sammendrag
    )


def test_feil_gir_json_linjer_og_kode_1(tmp_path):
    fil = lag_fil()
    fil.avsendere[0].dokumenter[0].merknader = []  # KM501 FEIL
    fil.avsendere[0].dokumenter[0].adferd = "God"  # KM157 VARSEL
    sti = tmp_path / "vm.nvb"
    sti.write_text(skriv_tekst(fil) + "¤X¤ukjent\n", encoding="utf-8")
    meldinger, sammendrag, unntak = kjor("--fil", str(sti), "--idag", "2025-09-01")
    assert [m["kode"] for m in meldinger] == ["KM101", "KM157", "KM501"]
    assert all(list(m) == NOKLER for m in meldinger)
    assert meldinger[2]["vgdoknr"] == "V97476067320250017" and meldinger[2]["klasse"] == "FAG"
    assert "æ" in sti.read_text(encoding="utf-8") and "«" in meldinger[1]["tekst"]  # ensure_ascii=False
    assert "2 feil, 1 varsel, 0 info. 0 av 4 kan sendes til NVB." in sammendrag  # KM101 has no vgdoknr
    assert unntak is not None and unntak.returncode == 1


def test_idag_styrer_fram_i_tid(tmp_path):
    sti = tmp_path / "vm.nvb"
    sti.write_text(skriv_tekst(lag_fil()), encoding="utf-8")
    meldinger, _, unntak = kjor("--fil", str(sti), "--idag", "2025-08-01")
    assert {m["kode"] for m in meldinger} == {"KM148", "KM405", "KM505"}
    assert unntak is None  # only VARSEL


def test_iso_8859_1_leses_med_varsel(tmp_path):
    sti = tmp_path / "vm.nvb"
    sti.write_bytes(skriv_tekst(lag_fil()).encode("iso-8859-1"))
    meldinger, _, unntak = kjor("--fil", str(sti), "--idag", "2025-09-01")
    assert [m["kode"] for m in meldinger] == ["KM002"] and meldinger[0]["klasse"] == "SYSTEM"
    assert unntak is None


def test_fil_som_ikke_kan_leses_gir_kode_2(tmp_path):
    meldinger, _, unntak = kjor("--fil", str(tmp_path / "finnes-ikke.nvb"))
    assert meldinger == [] and unntak is not None and unntak.returncode == 2
    assert "Kan ikke lese" in str(unntak)


def test_ugyldig_idag(tmp_path):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("nvb_kontroll", "--fil", str(tmp_path / "x.nvb"), "--idag", "2025-13-01")


# --- transport (fagopplaering.nvb.transport): a directory, or NVB's HTTP API against a local stub ----------------


def test_filtransport_skriver_atomisk(tmp_path):
    katalog = tmp_path / "ut" / "nvb"
    t = FilTransport(katalog)
    kv = t.send("vm_20250822.nvb", "¤A¤æøå\n".encode())
    assert kv.ok and kv.referanse == str(katalog / "vm_20250822.nvb")
    assert (katalog / "vm_20250822.nvb").read_text(encoding="utf-8") == "¤A¤æøå\n"
    assert t.send("vm_20250822.nvb", b"ny").ok and (katalog / "vm_20250822.nvb").read_bytes() == b"ny"
    assert [p.name for p in katalog.iterdir()] == ["vm_20250822.nvb"]  # no temporary files left
    for navn in ("../vm.nvb", "a/b.nvb", "", ".."):
        assert t.send(navn, b"x") == Kvittering(
            False, "", f"Ugyldig filnavn «{navn}»: bare et navn, ingen mapper."
        )


class _Stubb(BaseHTTPRequestHandler):
    mottatt: list[tuple[str, dict, bytes]] = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        data = self.rfile.read(int(self.headers["Content-Length"]))
        _Stubb.mottatt.append((self.path, {k.lower(): v for k, v in self.headers.items()}, data))
        svar = "¤R¤1.0¤20250822\n¤E¤1¤¤FAG¤FEIL¤KM501¤Mangler\n".encode()
        self.send_response(_Stubb.status)
        self.send_header("Content-Length", str(len(svar)))
        self.end_headers()
        self.wfile.write(svar)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def stubb():
    server = HTTPServer(("127.0.0.1", 0), _Stubb)
    traad = threading.Thread(target=server.serve_forever, daemon=True)
    traad.start()
    _Stubb.mottatt, _Stubb.status = [], 200
    yield f"http://127.0.0.1:{server.server_port}/nvb/kontroll/v1/"
    server.shutdown()
    server.server_close()


def test_httptransport_poster_filen_med_opsjoner(stubb):
    t = transport_fra_innstillinger({"BACKEND": "http", "URL": stubb, "API_NOKKEL": "hemmelig", "TIDSAVBRUDD": 5,
                                     "OPSJONER": "-T -l 3"})  # fmt: skip
    kv = t.send("vm.nvb", "¤A¤1\n".encode())
    assert kv.ok and kv.referanse == stubb and "KM501" in kv.svar
    [(sti, hoder, data)] = _Stubb.mottatt
    assert sti == "/nvb/kontroll/v1/" and data == "¤A¤1\n".encode()
    assert hoder["x-nvb-km"] == "-T -l 3" and hoder["authorization"] == "Bearer hemmelig"
    assert hoder["content-type"] == "text/plain; charset=utf-8"


def test_httptransport_uten_opsjoner_sender_ikke_headeren(stubb):
    assert HttpTransport(stubb, "", 5).send("vm.nvb", b"x").ok
    assert "x-nvb-km" not in _Stubb.mottatt[0][1] and "authorization" not in _Stubb.mottatt[0][1]


def test_httptransport_feil_gir_kvittering_ikke_unntak(stubb):
    _Stubb.status = 503
    kv = HttpTransport(stubb, "k", 5).send("vm.nvb", b"x")
    assert not kv.ok and "503" in kv.melding
    stengt = HttpTransport("http://127.0.0.1:9/nvb/kontroll/v1/", "k", 2).send("vm.nvb", b"x")
    assert not stengt.ok and "Fikk ikke kontakt med NVB" in stengt.melding


def test_transport_fra_innstillinger(tmp_path):
    assert isinstance(transport_fra_innstillinger({"BACKEND": "fil", "KATALOG": str(tmp_path)}), FilTransport)
    for feil, tekst in (({"BACKEND": "fil"}, "KATALOG"), ({"BACKEND": "http"}, "URL"), ({"BACKEND": "ftp"}, "Ukjent"),
                        ({"BACKEND": "http", "URL": "file:///etc/passwd"}, "https://")):  # fmt: skip
        with pytest.raises(ValueError, match=tekst):
            transport_fra_innstillinger(feil)
