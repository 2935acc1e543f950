"""The domain APIs under /api/v1/: each domain app registers its URL module here in ``AppConfig.ready``.

Why a registry: the core offers the API infrastructure (keys, scopes, throttling, idempotency, pagination, errors,
the Person endpoint) and never imports a domain app. A domain keeps its endpoints, serializers, services and
selectors in its own ``<app>/api/`` package (Saleor style: the API grouped per domain) and plugs them in with::

    def ready(self) -> None:
        from vigo.api.domener import registrer_api

        registrer_api("inntak", "inntak.api.urls")

``vigo.api.urls`` includes the registered modules by dotted name, in registration order (the order of
``INSTALLED_APPS``); nothing is imported before the URLconf is loaded.
"""

from __future__ import annotations

from django.urls import URLResolver, include, path

_DOMENER: dict[str, str] = {}


def registrer_api(domene: str, urls: str) -> None:
    """Serve the URL patterns of module ``urls`` (dotted name) under /api/v1/ as the API of ``domene``."""
    if _DOMENER.get(domene, urls) != urls:
        raise ValueError(f"API-domenet «{domene}» er allerede registrert med {_DOMENER[domene]}.")
    _DOMENER[domene] = urls


def registrerte_api() -> dict[str, str]:
    """Domain → URL module, in registration order."""
    return dict(_DOMENER)


def domene_urls() -> list[URLResolver]:
    return [path("", include(urls)) for urls in _DOMENER.values()]
