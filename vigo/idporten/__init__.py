"""Applicant login «the Norwegian way»: ID-porten over OpenID Connect (Authlib), and the demo «TestID».

The applicant (søker) is a ``vigo.Person`` found by the ``pid`` claim (the fødselsnummer). An applicant session
is not a Django user: it is the person's id, the login time, the assurance level and the last activity under
one key in the Django session (``okt.NOKKEL``), kept apart from caseworker logins (``request.user`` stays
anonymous). ``SokerMiddleware`` sets ``request.soker`` and ends the session after ``SOKER_INAKTIV_SEKUNDER``
without activity; ``krever_soker`` guards the portal's views.

- ``konfig``: the OIDC client, configured only from settings (the environment).
- ``okt``: the session (read, start, end) and the middleware/decorator.
- ``services``: login and logout, each with its audit row (vigo.Innsyn) in the same transaction.
- ``struping``: the rate limit on login attempts per client address.
- ``views``/``urls``: /innlogging/soker/ (start, callback, TestID, logout).
"""
