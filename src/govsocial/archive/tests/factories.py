"""Test data for the archive, and the scoping contract (`scoping_urls`)."""


def scoping_urls(organisation):
    """The archive has no pages yet, so no URL names one of its objects."""
    return []
