"""The inbox settings page: moderators change their own council's response targets, working day,
team addresses and reference prefix, with GOV.UK errors and an audit record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import services
from socialguard.inbox.models import InboxSettings, ItemStatus

pytestmark = pytest.mark.django_db

URL = "/inbox/settings/"
NOT_MODERATORS = [
    r for r in Role if Capability.MODERATE_INBOX not in capabilities_for(frozenset({r}))
]
VALID = {
    "response_target_hours": "4",
    "urgent_target_hours": "2",
    "working_day_start": "8",
    "working_day_end": "18",
    "contact_centre_email": "customer.services@sthelens.gov.uk",
    "press_office_email": "newsdesk@sthelens.gov.uk",
    "safeguarding_email": "mash@sthelens.gov.uk",
    "reference_prefix": "shc",
}


def _settings_audit():
    return AuditEvent.objects.filter(verb=Verb.UPDATED, target_type="inbox.inboxsettings")


def test_the_page_is_linked_from_the_queue_and_the_rules(sh, client_for) -> None:
    assert reverse("inbox:settings") == URL
    client = client_for(sh.moderator)
    for page in ("inbox:queue", "inbox:rules"):
        assert f'href="{URL}"' in client.get(reverse(page)).content.decode()


def test_a_moderator_sees_the_current_settings(sh, client_for) -> None:
    response = client_for(sh.moderator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Inbox settings</h1>' in page
    assert 'value="contactcentre@sthelens.gov.uk"' in page
    assert 'value="SH"' in page
    # Each group of fields is a fieldset with a legend; the hours are selects.
    assert page.count('<fieldset class="govuk-fieldset') == 4
    assert '<option value="9" selected>09:00</option>' in page
    assert '<option value="17" selected>17:00</option>' in page


def test_saving_changes_the_settings_audits_them_and_new_deadlines_follow(sh, client_for) -> None:
    before = _settings_audit().count()
    response = client_for(sh.moderator).post(URL, VALID)
    assert response.status_code == 302 and response["Location"] == URL
    conf = InboxSettings.objects.get(council=sh.council)
    assert (conf.response_target_hours, conf.urgent_target_hours) == (4, 2)
    assert (conf.working_day_start, conf.working_day_end) == (8, 18)
    assert conf.safeguarding_email == "mash@sthelens.gov.uk"
    assert conf.reference_prefix == "SHC"
    event = _settings_audit().latest("seq")
    assert _settings_audit().count() == before + 1
    assert event.actor == sh.moderator and event.council == sh.council
    assert event.payload["old"]["safeguarding_email"] == "safeguarding@sthelens.gov.uk"
    assert event.payload["new"]["safeguarding_email"] == "mash@sthelens.gov.uk"
    assert event.payload["new"]["reference_prefix"] == "SHC"
    # The confirmation shows on the page the redirect leads to.
    page = client_for(sh.moderator).get(URL).content.decode()
    assert "Inbox settings saved." in page and 'value="SHC"' in page
    # What the settings are for: new referrals use the prefix and go to the new address.
    worry = sh.send("My dad hits me and I'm scared to go home tonight")
    referral = worry.referrals.get()
    assert referral.reference.startswith("SHC-SG-") and worry.status == ItemStatus.ESCALATED
    from django.core import mail

    assert mail.outbox[-1].to == ["mash@sthelens.gov.uk"]


def test_saving_unchanged_settings_records_nothing(sh, client_for) -> None:
    client = client_for(sh.moderator)
    client.post(URL, VALID)
    before = _settings_audit().count()
    assert client.post(URL, VALID).status_code == 302
    assert _settings_audit().count() == before


def test_errors_are_explained_and_what_was_typed_is_kept(sh, client_for) -> None:
    wrong = {
        **VALID,
        "response_target_hours": "0",
        "working_day_start": "17",
        "working_day_end": "9",
        "press_office_email": "press office at sthelens",
        "reference_prefix": "S-H",
    }
    response = client_for(sh.moderator).post(URL, wrong)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Inbox settings" in page
    assert "govuk-error-summary" in page
    for field, message in [
        ("response_target_hours", "Response target must be at least 1 hour"),
        ("working_day_end", "The working day must end after it starts"),
        ("press_office_email", "Enter the Press Office email address in the correct format"),
        ("reference_prefix", "Use only letters and numbers"),
    ]:
        assert f'href="#id_{field}"' in page, field  # the summary links to the field
        assert message in page, field
    # What was typed is shown again, right or wrong.
    assert 'value="press office at sthelens"' in page
    assert 'value="S-H"' in page
    assert 'value="customer.services@sthelens.gov.uk"' in page
    assert '<option value="17" selected>17:00</option>' in page
    conf = InboxSettings.objects.get(council=sh.council)
    assert conf.response_target_hours == 8 and conf.press_office_email == "press@sthelens.gov.uk"
    assert not _settings_audit().filter(actor=sh.moderator).exists()


def test_another_councils_prefix_is_refused(sh, el, client_for) -> None:
    response = client_for(sh.moderator).post(URL, {**VALID, "reference_prefix": "el"})
    assert response.status_code == 400
    assert "Another council uses that prefix" in response.content.decode()
    assert InboxSettings.objects.get(council=sh.council).reference_prefix == "SH"


def test_another_councils_moderator_sees_and_changes_only_their_own(sh, el, client_for) -> None:
    # The page has no council in its address: it is always the signed-in user's own council's.
    client = client_for(el.moderator)
    page = client.get(URL).content.decode()
    assert "sthelens.gov.uk" not in page and "St Helens" not in page
    assert 'value="contactcentre@eastlothian.gov.uk"' in page
    assert client.post(URL, {**VALID, "reference_prefix": "ELC"}).status_code == 302
    assert InboxSettings.objects.get(council=el.council).reference_prefix == "ELC"
    sh_conf = InboxSettings.objects.get(council=sh.council)
    assert sh_conf.reference_prefix == "SH"
    assert sh_conf.contact_centre_email == "contactcentre@sthelens.gov.uk"


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_roles_that_do_not_moderate_are_refused(sh, client_for, role) -> None:
    client = client_for(sh.people[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, VALID).status_code == 403
    assert InboxSettings.objects.get(council=sh.council).response_target_hours == 8


def test_anonymous_visitors_are_sent_to_sign_in(sh, client) -> None:
    for response in (client.get(URL), client.post(URL, VALID)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert InboxSettings.objects.get(council=sh.council).response_target_hours == 8


def test_the_service_refuses_someone_else_council(sh, el) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_inbox_settings(actor=el.moderator, council=sh.council, urgent_target_hours=3)
