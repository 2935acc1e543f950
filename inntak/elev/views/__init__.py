"""Caseworker pages of the student register: the person's register section and 4S001 (``person``), OT (``ot``)."""
