"""Roles and what each may do: the one place permissions are defined.

Roles come from product.md §1 and the clauses that create them. A person can hold several roles
(a line manager is also an employee); everyone on a council's staff is an employee. Views and
services ask ``user.can(Capability.X)``; nothing else checks role names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Role(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    ACCOUNT_AUTHOR = "account_author", "Account author"
    MODERATOR = "moderator", "Social media moderator"
    LINE_MANAGER = "line_manager", "Line manager"
    SERVICE_MANAGER = "service_manager", "Service manager (business case approver)"
    CUSTOMER_SERVICES = "customer_services", "Customer Services (official account creation)"
    COMMUNICATIONS = "communications", "Communications and Press Office"
    CONTACT_CENTRE = "contact_centre", "Contact Centre"
    POLICY_OWNER = "policy_owner", "Policy owner (Information Management Group)"
    DATA_PROTECTION = "data_protection", "Data protection, Internal Audit and Caldicott Guardian"
    HR_INVESTIGATOR = "hr_investigator", "HR investigating officer"
    RIPA_INVESTIGATOR = "ripa_investigator", "RIPA investigating officer"
    RIPA_AUTHORISING_OFFICER = "ripa_authorising_officer", "RIPA authorising officer"
    RIPA_SENIOR_RESPONSIBLE_OFFICER = "ripa_sro", "RIPA senior responsible officer"


class Capability(models.TextChoices):
    CHECK_PERSONAL_POST = "check_personal_post", "Check a personal post before you publish it"
    ACKNOWLEDGE_POLICY = "acknowledge_policy", "Read and acknowledge the social media policy"
    REPORT_CONDUCT = "report_conduct", "Report a colleague's online conduct to their manager"
    DRAFT_OFFICIAL_POSTS = "draft_official_posts", "Draft posts for official accounts"
    MODERATE_INBOX = "moderate_inbox", "Moderate comments on official accounts"
    VIEW_TEAM_COMPLIANCE = "view_team_compliance", "See your team's agreements and training"
    VIEW_REGISTER = "view_register", "See official accounts and business cases"
    PREPARE_BUSINESS_CASE = "prepare_business_case", "Prepare a business case for a new account"
    APPROVE_BUSINESS_CASE = "approve_business_case", "Approve business cases"
    CREATE_OFFICIAL_ACCOUNT = "create_official_account", "Record official accounts as created"
    HANDLE_PRESS_ENQUIRIES = "handle_press_enquiries", "Handle press enquiries"
    HANDLE_SERVICE_REFERRALS = "handle_service_referrals", "Handle service requests and complaints"
    MANAGE_POLICY = "manage_policy", "Manage policy versions and the annual review"
    VIEW_COMPLIANCE_REPORTS = "view_compliance_reports", "See compliance across the council"
    VIEW_AUDIT_LOG = "view_audit_log", "Read the audit log"
    MANAGE_USERS = "manage_users", "Manage staff accounts and roles"
    RECEIVE_DATA_BREACHES = "receive_data_breaches", "Receive confidentiality and data breaches"
    MANAGE_BREACH_CASES = "manage_breach_cases", "Investigate breach cases"
    RIPA_RESEARCH = "ripa_research", "Log research and apply for RIPA authorisations"
    RIPA_AUTHORISE = "ripa_authorise", "Grant or refuse RIPA authorisations"
    RIPA_OVERSEE = "ripa_oversee", "Keep the RIPA central record"


C = Capability
EVERYONE = frozenset({C.CHECK_PERSONAL_POST, C.ACKNOWLEDGE_POLICY, C.REPORT_CONDUCT})

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.EMPLOYEE: EVERYONE,
    Role.ACCOUNT_AUTHOR: frozenset({C.DRAFT_OFFICIAL_POSTS, C.VIEW_REGISTER}),
    Role.MODERATOR: frozenset({C.MODERATE_INBOX, C.VIEW_REGISTER}),
    Role.LINE_MANAGER: frozenset(
        {C.VIEW_TEAM_COMPLIANCE, C.PREPARE_BUSINESS_CASE, C.APPROVE_BUSINESS_CASE, C.VIEW_REGISTER}
    ),
    Role.SERVICE_MANAGER: frozenset(
        {C.APPROVE_BUSINESS_CASE, C.PREPARE_BUSINESS_CASE, C.VIEW_REGISTER}
    ),
    Role.CUSTOMER_SERVICES: frozenset(
        {C.APPROVE_BUSINESS_CASE, C.CREATE_OFFICIAL_ACCOUNT, C.VIEW_REGISTER}
    ),
    Role.COMMUNICATIONS: frozenset(
        {C.HANDLE_PRESS_ENQUIRIES, C.APPROVE_BUSINESS_CASE, C.VIEW_REGISTER}
    ),
    Role.CONTACT_CENTRE: frozenset({C.HANDLE_SERVICE_REFERRALS}),
    Role.POLICY_OWNER: frozenset(
        {
            C.MANAGE_POLICY,
            C.VIEW_COMPLIANCE_REPORTS,
            C.VIEW_AUDIT_LOG,
            C.MANAGE_USERS,
            C.VIEW_REGISTER,
        }
    ),
    Role.DATA_PROTECTION: frozenset({C.VIEW_AUDIT_LOG, C.RECEIVE_DATA_BREACHES}),
    Role.HR_INVESTIGATOR: frozenset({C.MANAGE_BREACH_CASES}),
    Role.RIPA_INVESTIGATOR: frozenset({C.RIPA_RESEARCH}),
    Role.RIPA_AUTHORISING_OFFICER: frozenset({C.RIPA_AUTHORISE}),
    Role.RIPA_SENIOR_RESPONSIBLE_OFFICER: frozenset({C.RIPA_OVERSEE, C.VIEW_AUDIT_LOG}),
}


def capabilities_for(roles: frozenset[Role]) -> frozenset[Capability]:
    """Everything the holder of these roles may do; every member of staff is an employee."""
    granted: set[Capability] = set(EVERYONE)
    for role in roles:
        granted |= ROLE_CAPABILITIES[role]
    return frozenset(granted)


@dataclass(frozen=True)
class RoleSummary:
    role: Role
    description: str
    clauses: str


# Shown on the home page and in the staff directory, so people see why they can do what they can.
ROLE_SUMMARIES: dict[Role, RoleSummary] = {
    r.role: r
    for r in [
        RoleSummary(Role.EMPLOYEE, "Follows the policy in and out of work.", "SH 4.1, 7; EL 4.1"),
        RoleSummary(Role.ACCOUNT_AUTHOR, "Writes posts for official accounts.", "SH 6.3–6.6"),
        RoleSummary(Role.MODERATOR, "Works the comments on official accounts.", "SH 6.13–6.18"),
        RoleSummary(Role.LINE_MANAGER, "Supports the team's compliance.", "SH 9.8–9.12"),
        RoleSummary(Role.SERVICE_MANAGER, "Approves business cases.", "SH 6.1; EL 6.1"),
        RoleSummary(Role.CUSTOMER_SERVICES, "Creates official accounts.", "SH 6.1–6.2; EL 5.1"),
        RoleSummary(Role.COMMUNICATIONS, "Advises and handles the media.", "SH 6.18; EL 5.7–5.8"),
        RoleSummary(Role.CONTACT_CENTRE, "Takes referred requests.", "SH 6.16–6.17"),
        RoleSummary(Role.POLICY_OWNER, "Owns the policy and its review.", "SH 9.1–9.5, 10"),
        RoleSummary(Role.DATA_PROTECTION, "Advises on data protection.", "SH 6.15, 6.21"),
        RoleSummary(Role.HR_INVESTIGATOR, "Investigates breaches.", "SH 11; EL 3.3"),
        RoleSummary(Role.RIPA_INVESTIGATOR, "Researches for investigations.", "SH 8.1–8.3"),
        RoleSummary(Role.RIPA_AUTHORISING_OFFICER, "Authorises directed surveillance.", "SH 8.3"),
        RoleSummary(Role.RIPA_SENIOR_RESPONSIBLE_OFFICER, "Oversees RIPA use.", "SH 8.3"),
    ]
}
