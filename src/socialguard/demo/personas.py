"""The demo councils and one named person per role in each: used by `socialguard demo` and tests.

The names are invented. Each council's people have deliberately different access, and a person
of one council must never see the other's records.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialguard.accounts.roles import Role
from socialguard.councils.models import Jurisdiction


@dataclass(frozen=True)
class DemoCouncil:
    name: str
    slug: str
    jurisdiction: Jurisdiction
    domain: str
    policy_pack: str
    people: dict[Role, tuple[str, str, str]]  # role → (first name, last name, job title)


COUNCILS: tuple[DemoCouncil, ...] = (
    DemoCouncil(
        name="St Helens Council",
        slug="st-helens",
        jurisdiction=Jurisdiction.ENGLAND_WALES,
        domain="sthelens.gov.uk",
        policy_pack="st-helens-2018",
        people={
            Role.EMPLOYEE: ("Emma", "Platt", "Library Assistant"),
            Role.ACCOUNT_AUTHOR: ("Aaron", "Whitfield", "Events Officer"),
            Role.MODERATOR: ("Maya", "Dunn", "Social Media Moderator"),
            Role.LINE_MANAGER: ("Liam", "Foster", "Libraries Team Leader"),
            Role.SERVICE_MANAGER: ("Sarah", "Mercer", "Service Manager, Culture"),
            Role.CUSTOMER_SERVICES: ("Chris", "Sutton", "Service Delivery Customer Services"),
            Role.COMMUNICATIONS: ("Priya", "Kapoor", "Press Officer"),
            Role.CONTACT_CENTRE: ("Colin", "Rigby", "Contact Centre Adviser"),
            Role.POLICY_OWNER: ("Imogen", "Greaves", "Chair, Information Management Group"),
            Role.DATA_PROTECTION: ("Dev", "Patel", "Data Protection Officer"),
            Role.HR_INVESTIGATOR: ("Hannah", "Roberts", "HR Business Partner"),
            Role.RIPA_INVESTIGATOR: ("Ian", "Crosby", "Trading Standards Investigator"),
            Role.RIPA_AUTHORISING_OFFICER: ("Alan", "Ashurst", "Head of Legal Services"),
            Role.RIPA_SENIOR_RESPONSIBLE_OFFICER: ("Susan", "Rowley", "Director of Legal"),
        },
    ),
    DemoCouncil(
        name="East Lothian Council",
        slug="east-lothian",
        jurisdiction=Jurisdiction.SCOTLAND,
        domain="eastlothian.gov.uk",
        policy_pack="east-lothian-2011",
        people={
            Role.EMPLOYEE: ("Eilidh", "Fraser", "Countryside Ranger"),
            Role.ACCOUNT_AUTHOR: ("Angus", "Reid", "Tourism Officer"),
            Role.MODERATOR: ("Morag", "Duncan", "Digital Engagement Officer"),
            Role.LINE_MANAGER: ("Lachlan", "Ross", "Ranger Service Manager"),
            Role.SERVICE_MANAGER: ("Shona", "Baird", "Service Manager, Amenity Services"),
            Role.CUSTOMER_SERVICES: ("Callum", "Hay", "Head of IT & Customer Services"),
            Role.COMMUNICATIONS: ("Catriona", "Muir", "Communications Manager"),
            Role.CONTACT_CENTRE: ("Craig", "Lindsay", "Customer Services Adviser"),
            Role.POLICY_OWNER: ("Isla", "Kerr", "Information Governance Lead"),
            Role.DATA_PROTECTION: ("Duncan", "Paterson", "Data Protection Officer"),
            Role.HR_INVESTIGATOR: ("Heather", "Gow", "HR Adviser"),
            Role.RIPA_INVESTIGATOR: ("Iain", "Sinclair", "Environmental Health Officer"),
            Role.RIPA_AUTHORISING_OFFICER: ("Alasdair", "Grant", "Head of Corporate Support"),
            Role.RIPA_SENIOR_RESPONSIBLE_OFFICER: ("Fiona", "Steele", "Chief Solicitor"),
        },
    ),
)


def persona_email(council: DemoCouncil, role: Role) -> str:
    first, last, _ = council.people[role]
    return f"{first}.{last}@{council.domain}".lower()
