from django import template

from ..services import audit_trail

register = template.Library()


@register.filter
def audit_sentence(event) -> str:
    """An audit event's action as a sentence in the active language."""
    return audit_trail.sentence(event)
