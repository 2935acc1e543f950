"""Views of the student register (person)."""

urlpatterns: list = []
