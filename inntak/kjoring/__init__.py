"""Inntakskjøring: the product around the framework-free engine ``inntak.motor``.

* ``snapshot`` – builds ``inntak-snapshot/1`` set-based from PostgreSQL;
* ``services`` – ``kjor_inntak``, ``publiser_runde`` (writes); ``svar`` – ``registrer_svar``, ``marker_unntak``,
  ``behandle_svarfrist``; ``brev`` – tilbudsbrev (PDF) and notifications; ``selectors`` – reads;
* jobs 1I001–1I003 are in ``inntak.jobber_inntak``; views in ``inntak.views.inntakskjoring``.
"""
