"""Helpers for the headless-Chromium tests."""


def htmx_ferdig(side):
    """Wait until htmx has settled: new content is in the DOM some 20 ms before htmx binds its hx- attributes and
    fires htmx:load, so a test that acts at once (faster than a person) would submit a plain form instead."""
    side.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )
