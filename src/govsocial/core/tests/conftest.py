import pytest


@pytest.fixture
def oidc_provider(settings):
    """A real OpenID provider on 127.0.0.1 (core.tests.oidc_provider), for this test only."""
    from govsocial.core.tests.oidc_provider import Provider

    settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS = True
    with Provider() as provider:
        yield provider
