"""The archive's refusals: each carries a message in the person's language."""

from govsocial.core.errors import GovSocialError


class ArchiveError(GovSocialError, ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
