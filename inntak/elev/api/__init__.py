"""The SAS API of the student register under /api/v1/: elever (persons with an elevforhold), elevforhold and
sluttere. Registered in ``ElevConfig.ready`` through ``vigo.api.domener``; built on the core's API
infrastructure (``vigo.api.ressurs``, ``vigo.api.validering``)."""
