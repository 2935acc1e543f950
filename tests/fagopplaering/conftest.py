import pytest


@pytest.fixture
def fag(kodeverk):
    """tests.fabrikker.lag_kodeverk (counties A=50, B=03) plus school years and two lærefag."""
    from tests.fagopplaering.fabrikker import lag_fagkodeverk

    return {**kodeverk, **lag_fagkodeverk()}
