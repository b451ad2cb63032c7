from django.conf import settings
from django.utils import translation

from .access import membership_for

SESSION_ORGANISATION = "govsocial_organisation_id"


class PersonLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class OrganisationMiddleware:
    """request.membership and request.organisation for the signed-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.organisation = None
        if request.user.is_authenticated:
            request.membership = membership_for(
                request.user, request.session.get(SESSION_ORGANISATION)
            )
            if request.membership is not None:
                request.organisation = request.membership.organisation
                # No choice of their own yet: the organisation's language, not the browser's.
                if (
                    not request.user.language
                    and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                ):
                    translation.activate(request.organisation.default_language)
                    request.LANGUAGE_CODE = request.organisation.default_language
        return self.get_response(request)
