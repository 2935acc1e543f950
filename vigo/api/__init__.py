"""REST API under /api/v1/.

- ``router``: the core's session-authenticated ``personer`` viewset (vigo/urls.py includes ``router.urls``).
- ``vigo.api.urls``: the API for school administration systems and lower-secondary schools, authenticated with
  API keys (``Authorization: Api-Key …``), scoped to the client's school or county.
"""

from rest_framework import routers

from vigo.api.personer import PersonSerializer, PersonViewSet

router = routers.DefaultRouter()
router.register("personer", PersonViewSet, basename="person")

__all__ = ["PersonSerializer", "PersonViewSet", "router"]
