"""Every change-feed resource is declared once (vigo.api.ressurs.Ressurs) and served by explicit classes."""

from __future__ import annotations

import pytest

from inntak.api import views as inntak_views
from inntak.elev.api import views as sas
from kodeverk.api import views as kodeverk_views
from vigo.api.ressurs import Ressurs, Ressursdetalj, Ressursliste

RESSURSER = [sas.ELEVER, sas.ELEVFORHOLD, inntak_views.ELEVFAG, inntak_views.KARAKTERER]
KLASSER = [
    (sas.Elever, sas.Elev), (sas.Elevforholdliste, sas.Elevforhold),
    (inntak_views.Elevfagliste, inntak_views.Elevfag), (inntak_views.Karakterer, inntak_views.Karakter),
]  # fmt: skip


@pytest.mark.parametrize("ressurs", RESSURSER, ids=lambda r: r.navn)
def test_naturlig_nokkel_er_felt_i_inn_og_ut(ressurs: Ressurs):
    inn = set(ressurs.inn().fields)
    assert ressurs.nokkel and set(ressurs.nokkel) <= inn
    assert set(ressurs.nokkel) <= set(ressurs.utvalg.felt), "the feed returns the natural key"
    assert set(ressurs.utvalg.felt) == set(ressurs.ut().fields)


@pytest.mark.parametrize(("liste", "detalj"), KLASSER, ids=lambda k: k.__name__)
def test_klassene_navngir_ressursen_og_arver_scopes(liste, detalj):
    assert issubclass(liste, Ressursliste) and issubclass(detalj, Ressursdetalj)
    assert liste.ressurs is detalj.ressurs
    assert liste.required_scopes == detalj.required_scopes == liste.ressurs.scopes
    assert "post" in liste.__dict__, "the write names its service in the class itself"


def test_kodelistene_er_egne_klasser_med_naturlig_nokkel():
    klasser = [k for k in vars(kodeverk_views).values()
               if isinstance(k, type) and issubclass(k, kodeverk_views.KodeverkVisning)
               and k is not kodeverk_views.KodeverkVisning]  # fmt: skip
    assert len({k.navn for k in klasser}) == len(klasser) == 7
    for k in klasser:
        assert set(k.nokkel) <= set(k.serializer().fields), k.__name__
