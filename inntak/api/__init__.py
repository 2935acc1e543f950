"""The intake API under /api/v1/ (API keys), registered in ``InntakConfig.ready`` (``vigo.api.domener``).

Klasseordning (``/tilbud``) and intake results (``/inntak/resultater``), grunnskole grades
(``/grunnskolekarakterer``), and the SAS elevfag and vgs grades (``/elevfag``, ``/karakterer``), which are checked
with the intake's grade rules (``inntak.regler``). Views are thin: reads in ``selectors``, writes in ``services``;
the API infrastructure (keys, scopes, throttling, idempotency, pagination, errors) is the core's (``vigo.api``).
"""
