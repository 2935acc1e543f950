"""Views of the student register (sas)."""

urlpatterns: list = []
