"""The applicant portal («Min side», /soker/): what an applicant logged in with ID-porten (vigo.idporten) may see
of their own case. Read-only for now: søknader with wishes, points with the explanation, the latest published
offer with svarfrist and waitlist places. No id in any URL: every read starts from ``request.soker``."""
