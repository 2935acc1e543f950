"""Intake of adults under opplæringsforskrifta kapittel 13: rolling, no waitlists, § 13-4 order (docs/regler.md §9).

``services`` (the only writers), ``selectors`` (reads and the placement plan), ``views``/``urls`` (the page
«Inntak av voksne» under /inntak/voksne/), ``jobber`` (job 1V001, run every night by ``tasks``), ``demodata``.
"""
