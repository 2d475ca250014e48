"""factory_boy factories, registered as pytest fixtures in conftest.py (``council``, ``user``)."""

from __future__ import annotations

from factory.declarations import LazyAttribute, LazyAttributeSequence, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password

from socialguard.accounts.models import User
from socialguard.councils.models import Council, Jurisdiction


class CouncilFactory(DjangoModelFactory[Council]):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = Sequence(lambda n: f"Test Borough Council {n}")
    slug = Sequence(lambda n: f"test-borough-{n}")
    jurisdiction = Jurisdiction.ENGLAND_WALES
    email_domains = LazyAttribute(lambda c: [f"{c.slug}.gov.uk"])
    policy_pack = "st-helens-2018"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    council = SubFactory(CouncilFactory)
    email = LazyAttributeSequence(
        lambda u, n: f"person{n}@{u.council.email_domains[0] if u.council else 'example.org'}"
    )
    first_name = "Test"
    last_name = Sequence(lambda n: f"Person {n}")
    password = Password("correct horse battery staple")
