from govsocial.core.errors import GovSocialError


class InsightsError(GovSocialError, ValueError):
    """A request insights cannot answer (a month written wrongly, a bad labels file)."""
