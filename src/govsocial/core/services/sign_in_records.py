"""Sign-in records (django-axes' attempts and access logs) are kept for a while, then purged.

A removed person's record goes once the retention period after their removal has
passed; everyone's access and failure logs go once they are that old.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.utils import timezone

from ..models import SignInPurge
from .members import sign_in_retention


@transaction.atomic
def purge_sign_in_records(now=None) -> int:
    """Delete what is due; returns the number of rows deleted."""
    now = now or timezone.now()
    deleted = 0
    due = SignInPurge.objects.filter(purge_after__lte=now)
    for username in set(due.values_list("username", flat=True)):
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            deleted += model.objects.filter(username__iexact=username).delete()[0]
    due.delete()
    cutoff = now - sign_in_retention()
    for model in (AccessLog, AccessFailureLog):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted
