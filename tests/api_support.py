"""Shared helpers of the API tests: staff users in groups, token clients, a fresh throttle."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from rest_framework.test import APIClient

from translations.models import Segment, Translation
from translations.permissions import groups_ensure
from translations.services.api_tokens import api_token_issue

API = "/api/v1"


def staff(username, *groups, **fields):
    groups_ensure()
    user = User.objects.create_user(username, password="pw", **{"is_staff": True, **fields})
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def client_for(user=None) -> APIClient:
    """A client sending ``user``'s token (anonymous without a user), as a script would."""
    client = APIClient()
    if user is not None:
        token, _created = api_token_issue(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def first_segments(document, count):
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position")[:count])


def version(segment, code) -> int:
    row = Translation.objects.filter(segment=segment, language=code).first()
    return row.version if row else 0


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "", "pw")


@pytest.fixture
def root_api(root):
    return client_for(root)
