from rest_framework.pagination import CursorPagination


class Markorside(CursorPagination):
    """Stable cursor pagination by primary key (no offset scans at national scale)."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "antall"
    max_page_size = 1000
