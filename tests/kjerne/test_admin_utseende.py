"""The admin keeps Django's look, plus underlined breadcrumb links (axe link-in-text-block, WCAG 1.4.1)."""

import pytest

from vigo.models import Rolle

pytestmark = pytest.mark.django_db


def test_admin_laster_eget_stilark_for_lenker(client, brukere):
    client.force_login(brukere["A"][Rolle.FYLKESADMIN])
    html = client.get("/admin/inntak/brevmal/").content.decode()
    assert "css/admin.css" in html and "admin/css/base.css" in html  # ours after Django's, not instead of it
    assert html.index("admin/css/base.css") < html.index("css/admin.css")
