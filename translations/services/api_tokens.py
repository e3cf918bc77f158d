"""API tokens (DRF authtoken): one per user, shown once by ``manage.py api_token`` or in the admin.

A token acts as its user: the same per-language permissions apply. Reissuing
replaces the old token at once, so a leaked one stops working.
"""

from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def api_token_issue(*, user, reissue: bool = False) -> tuple[Token, bool]:
    """``user``'s token, created if missing (or replaced with ``reissue``); and whether it is new."""
    if reissue:
        Token.objects.filter(user=user).delete()
    token, created = Token.objects.get_or_create(user=user)
    return token, created
