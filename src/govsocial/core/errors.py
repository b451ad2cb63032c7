"""The base of every domain error in GovSocial.

A view or command can catch `GovSocialError` to turn any refusal of the domain
(bad answers, broken content, an unknown organisation) into a message in the
person's language instead of a server error.
"""


class GovSocialError(Exception):
    """A refusal of the domain: bad input or broken knowledge, never a bug."""
