from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.decorators import capability_required
from socialguard.core.forms import add_service_errors
from socialguard.councils.governance import governance_for
from socialguard.register import services
from socialguard.register.forms import (
    AccountCreatedForm,
    AccountStatusForm,
    AddMemberForm,
    BusinessCaseForm,
    DecisionForm,
    ReasonForm,
    ReviewForm,
    emails_of,
)
from socialguard.register.models import (
    AccountStatus,
    CaseStatus,
    MemberRole,
    OfficialAccount,
    Outcome,
)
from socialguard.register.selectors import (
    access_account,
    access_case,
    cases_awaiting,
    list_accounts_for,
    list_cases_for,
)
from socialguard.register.workflow import current_step, why_cannot_decide

VIEW = Capability.VIEW_REGISTER


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the decorators let only staff in
    return user


# --- accounts ------------------------------------------------------------------------------------


@capability_required(VIEW)
def account_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    status = request.GET.get("status", "")
    if status not in AccountStatus.values:
        status = ""
    minimum = governance_for(me.council).accounts.min_administrators  # type: ignore[arg-type]
    return render(
        request,
        "register/account_list.html",
        {
            "accounts": list_accounts_for(me, status=status),
            "status": status,
            "statuses": AccountStatus.choices,
            "minimum": minimum,
            "today": timezone.localdate(),
        },
    )


def _account_page(
    request: HttpRequest, account: OfficialAccount, status: int = 200, **forms: Any
) -> HttpResponse:
    me = _me(request)
    rules = governance_for(account.council).accounts
    members = account.members.select_related("user").order_by("status", "role", "user__last_name")
    context = {
        "account": account,
        "members": members,
        "reviews": account.reviews.select_related("reviewed_by")[:10],
        "minimum": rules.min_administrators,
        "can_manage": services.can_manage_members(me, account),
        "can_change_status": me.can(Capability.CREATE_OFFICIAL_ACCOUNT),
        "add_form": forms.get("add_form") or AddMemberForm(),
        "status_form": forms.get("status_form") or AccountStatusForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        "form": next(iter(forms.values()), None),
    }
    return render(request, "register/account_detail.html", context, status=status)


@capability_required(VIEW)
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    return _account_page(request, access_account(_me(request), account_id))


@require_POST
@capability_required(VIEW)
def account_add_member(request: HttpRequest, account_id: int) -> HttpResponse:
    me = _me(request)
    account = access_account(me, account_id)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(
            council=account.council, email=form.cleaned_data["email"].lower()
        ).first()
        if person is None:
            form.add_error("email", f"Nobody on {account.council.name}'s staff has that address")
        else:
            try:
                services.add_account_member(
                    actor=me,
                    account=account,
                    user=person,
                    role=MemberRole(form.cleaned_data["role"]),
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("email", message)
            else:
                messages.success(request, f"{person.get_full_name()} added to {account}.")
                return redirect("register:account_detail", account.pk)
    return _account_page(request, account, status=400, add_form=form)


@require_POST
@capability_required(VIEW)
def member_remove(request: HttpRequest, account_id: int, membership_id: int) -> HttpResponse:
    me = _me(request)
    account = access_account(me, account_id)
    membership = get_object_or_404(account.members, pk=membership_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.remove_account_member(
            actor=me, membership=membership, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"{membership.user.get_full_name()} removed from {account}.")
    else:
        messages.error(request, "Give a reason for removing someone.")
    return redirect("register:account_detail", account.pk)


@require_POST
@capability_required(Capability.CREATE_OFFICIAL_ACCOUNT)
def account_status(request: HttpRequest, account_id: int) -> HttpResponse:
    me = _me(request)
    account = access_account(me, account_id)
    form = AccountStatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_account_status(
                actor=me,
                account=account,
                status=AccountStatus(form.cleaned_data["status"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{account} is now {form.cleaned_data['status']}.")
            return redirect("register:account_detail", account.pk)
    return _account_page(request, account, status=400, status_form=form)


@require_POST
@capability_required(VIEW)
def account_review(request: HttpRequest, account_id: int) -> HttpResponse:
    me = _me(request)
    account = access_account(me, account_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        review = services.record_account_review(
            actor=me,
            account=account,
            answers=services.ReviewAnswers(
                still_needed=data["still_needed"] == "yes",
                administrators_current=data["administrators_current"] == "yes",
                activity=data["activity"],
                incidents=data["incidents"],
                notes=data["notes"],
            ),
        )
        messages.success(
            request, f"Review recorded. The next is due by {review.next_review_due:%-d %B %Y}."
        )
        return redirect("register:account_detail", account.pk)
    return _account_page(request, account, status=400, review_form=form)


# --- business cases ------------------------------------------------------------------------------


@capability_required(VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    return render(
        request,
        "register/case_list.html",
        {
            "awaiting": cases_awaiting(me),
            "mine": list_cases_for(me).filter(proposer=me),
            "cases": list_cases_for(me),
            "can_prepare": me.can(Capability.PREPARE_BUSINESS_CASE),
        },
    )


@capability_required(Capability.PREPARE_BUSINESS_CASE)
def case_new(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = BusinessCaseForm(request.POST or None, council=me.council)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_business_case(
                actor=me, administrators=form.cleaned_data["administrators"], **form.content()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft saved. Submit it for approval when it is ready.")
            return redirect("register:case_detail", case.pk)
    return render(
        request,
        "register/case_form.html",
        {"form": form, "title": "New business case"},
        status=400 if form.errors else 200,
    )


@capability_required(VIEW)
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    me = _me(request)
    case = access_case(me, case_id)
    if case.proposer_id != me.pk:
        return redirect("register:case_detail", case.pk)
    form = BusinessCaseForm(request.POST or None, instance=case, council=case.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_business_case(
                actor=me,
                case=case,
                administrators=form.cleaned_data["administrators"],
                **form.content(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved as a new revision. It needs approval again.")
            return redirect("register:case_detail", case.pk)
    return render(
        request,
        "register/case_form.html",
        {"form": form, "title": f"Edit: {case.title}", "case": case},
        status=400 if form.errors else 200,
    )


def _case_page(
    request: HttpRequest, case_id: int, *, decision_form: DecisionForm | None = None
) -> HttpResponse:
    me = _me(request)
    case = access_case(me, case_id)
    steps = governance_for(case.council).business_case.steps
    decisions = list(case.decisions.select_related("decided_by"))
    progress = []
    for index, step in enumerate(steps):
        latest = next(
            (
                d
                for d in reversed(decisions)
                if d.step_id == step.id and d.revision == case.revision
            ),
            None,
        )
        is_current = case.status == CaseStatus.SUBMITTED and index == case.current_step
        progress.append({"step": step, "decision": latest, "current": is_current})
    return render(
        request,
        "register/case_detail.html",
        {
            "case": case,
            "administrators": case.proposed_administrators.all(),
            "progress": progress,
            "decisions": decisions,
            "revisions": case.revisions.select_related("created_by")[:10],
            "step": current_step(case),
            "can_decide": why_cannot_decide(me, case) is None,
            "decision_form": decision_form or DecisionForm(),
            "form": decision_form,
            "is_proposer": case.proposer_id == me.pk,
            "can_create_account": (
                case.status == CaseStatus.APPROVED
                and governance_for(case.council).accounts.created_by_role in me.roles
                and not case.accounts.exclude(status=AccountStatus.CLOSED).exists()
            ),
            "accounts": case.accounts.all(),
        },
        status=400 if decision_form and decision_form.errors else 200,
    )


@capability_required(VIEW)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, case_id)


@require_POST
@capability_required(VIEW)
def case_submit(request: HttpRequest, case_id: int) -> HttpResponse:
    me = _me(request)
    case = access_case(me, case_id)
    try:
        services.submit_business_case(actor=me, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Submitted for approval. The first approver has been told.")
    return redirect("register:case_detail", case.pk)


@require_POST
@capability_required(VIEW)
def case_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    me = _me(request)
    case = access_case(me, case_id)
    try:
        services.withdraw_business_case(actor=me, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Business case withdrawn.")
    return redirect("register:case_detail", case.pk)


@require_POST
@capability_required(VIEW)
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    me = _me(request)
    case = access_case(me, case_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_business_case(
                actor=me,
                case=case,
                outcome=Outcome(form.cleaned_data["outcome"]),
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("register:case_detail", case.pk)
    return _case_page(request, case_id, decision_form=form)


@capability_required(Capability.CREATE_OFFICIAL_ACCOUNT)
def case_create_account(request: HttpRequest, case_id: int) -> HttpResponse:
    me = _me(request)
    case = access_case(me, case_id)
    initial = {
        "handle": case.proposed_handle,
        "purpose": case.audience_and_message,
        "administrators": emails_of(case.proposed_administrators.all()),
    }
    form = AccountCreatedForm(request.POST or None, initial=initial, council=case.council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.record_account_created(
                actor=me,
                case=case,
                handle=data["handle"],
                url=data["url"],
                purpose=data["purpose"],
                administrators=data["administrators"],
            )
        except ValidationError as error:
            # A named administrator who may not yet run an account is that field's problem.
            if "user" in getattr(error, "error_dict", {}):
                for message in error.error_dict["user"]:
                    form.add_error("administrators", message)
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, f"{account} recorded as created and now active.")
            return HttpResponseRedirect(reverse("register:account_detail", args=[account.pk]))
    return render(
        request,
        "register/account_create.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )
