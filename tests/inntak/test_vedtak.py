"""Vedtak in fortrinn/individuell cases: validation, the work queue, and documents only with særtilgang."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inntak import selectors, services
from inntak.models import Vedtak
from vigo.models import Bruker, Innsyn, Rolle

pytestmark = pytest.mark.django_db


def _med_saertilgang(bruker) -> Bruker:
    bruker.user_permissions.add(Permission.objects.get(codename="saertilgang"))
    return Bruker.objects.get(pk=bruker.pk)  # fresh permission cache


def test_registrer_vedtak_og_arbeidsko(lag_soknad, inntak, brukere):
    bruker = brukere["A"][Rolle.INNTAK]
    ordinar = lag_soknad()
    fortrinn = lag_soknad(behandlingskategori="FOR615")
    assert list(selectors.arbeidsko(bruker)) == [fortrinn]
    with pytest.raises(ValidationError, match="ordinær"):
        services.registrer_vedtak(ordinar, begrunnelse="x", fast_plass=inntak.t["st"])
    with pytest.raises(ValidationError) as e:
        services.registrer_vedtak(fortrinn, begrunnelse=" ", fast_plass=None)
    assert e.value.messages == [
        "Vedtaket må ha en begrunnelse.",
        "Et innvilget vedtak må ha et tilbud som fast plass.",
    ]
    with pytest.raises(ValidationError, match="må være et tilbud i Trøndelag"):
        services.registrer_vedtak(fortrinn, begrunnelse="Sakkyndig vurdering", fast_plass=inntak.t["b_st"])
    v = services.registrer_vedtak(fortrinn, begrunnelse="Sakkyndig vurdering foreligger.",
                                  fast_plass=inntak.t["hs2"], bruker=bruker)  # fmt: skip
    assert v.fast_plass == inntak.t["hs2"] and v.hjemmel == "§ 4-21" and v.fattet_av == bruker
    assert list(selectors.arbeidsko(bruker)) == []
    v = services.registrer_vedtak(fortrinn, utfall="avslatt", begrunnelse="Vilkårene er ikke oppfylt.")
    assert v.fast_plass is None and Vedtak.objects.count() == 1 and v.history.count() == 2
    assert fortrinn.logg.filter(handling="vedtak").count() == 2


def test_dokumenter_bare_med_saertilgang(client, lag_soknad, inntak, brukere):
    s = lag_soknad(behandlingskategori="IND623")
    dok = SimpleUploadedFile("sakkyndig-vurdering.pdf", b"%PDF-1.4 hemmelig", content_type="application/pdf")
    v = services.registrer_vedtak(s, begrunnelse="Individuell vurdering.", fast_plass=inntak.t["st"],
                                  dokumenter=[dok])  # fmt: skip
    d = v.dokumenter.get()
    url = reverse("inntak:dokument", args=[d.pk])
    vanlig = brukere["A"][Rolle.INNTAK]
    client.force_login(vanlig)
    side = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert "sakkyndig-vurdering.pdf" not in side and "1 dokument (krever særtilgang)" in side
    assert client.get(url).status_code == 403
    client.force_login(_med_saertilgang(vanlig))
    side = client.get(reverse("inntak:soknad", args=[s.pk])).content.decode()
    assert "sakkyndig-vurdering.pdf" in side
    resp = client.get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == b"%PDF-1.4 hemmelig"
    assert Innsyn.objects.filter(handling="nedlasting", person=s.person, bruker=vanlig).exists()
    # Særtilgang does not cross county borders.
    client.force_login(_med_saertilgang(brukere["B"][Rolle.INNTAK]))
    assert client.get(url).status_code == 404


def test_vedtaksskjema_med_opplasting(client, lag_soknad, inntak, brukere):
    s = lag_soknad(behandlingskategori="FOR617")
    client.force_login(brukere["A"][Rolle.INNTAK])
    url = reverse("inntak:vedtak", args=[s.pk])
    side = client.get(url).content.decode()
    assert "Registrer vedtak" in side and "★ Charlottenlund vgs" in side
    resp = client.post(url, {"utfall": "innvilget", "fast_plass": inntak.t["el"].pk, "begrunnelse": "Tilrettelagt skole.",
                             "dokumenter": [SimpleUploadedFile("a.pdf", b"a"), SimpleUploadedFile("b.pdf", b"b")]})  # fmt: skip
    assert resp.status_code == 302
    v = Vedtak.objects.get(soknad=s)
    assert v.fast_plass == inntak.t["el"] and v.dokumenter.count() == 2
    resp = client.post(url, {"utfall": "innvilget", "begrunnelse": "x"})
    assert "Et innvilget vedtak må ha et tilbud som fast plass." in resp.content.decode()
    # Read-only roles may not record a vedtak.
    client.force_login(brukere["A"][Rolle.LESE])
    assert client.post(url, {"utfall": "avslatt", "begrunnelse": "x"}).status_code == 403
