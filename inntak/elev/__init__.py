"""The student register (elevdatabasen): pupil data from the schools' administration systems (SAS).

A nested app of the intake area with app label ``elev``: the tables ``elev_elevforhold``, ``elev_elevfag`` and
``elev_vgskarakter`` (moved from the core by migration ``elev.0001_initial``), the scoping link that lets a school
see its pupils, and the SAS endpoints elever, elevforhold and sluttere under /api/v1/ (``inntak.elev.api``).
It depends on the core (persons, scoping, API infrastructure) and on kodeverk; the core never imports it.
"""
