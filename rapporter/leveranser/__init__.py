"""The delivery engine: declared extracts (definisjon), streaming writers (skriving), the services (tjenester) and
the declared deliveries (inntak)."""
