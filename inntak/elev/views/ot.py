"""Views of the student register (ot)."""

urlpatterns: list = []
