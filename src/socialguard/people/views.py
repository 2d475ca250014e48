"""Pages for people: my compliance, my team, the compliance report, agreements, training, the
politically restricted posts register and leavers. Each view validates a form and calls one
selector or service."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.decorators import capability_required, staff_required
from socialguard.core.forms import add_service_errors
from socialguard.councils.governance import governance_for
from socialguard.people import selectors, services
from socialguard.people.charts import percent_bar_chart
from socialguard.people.forms import (
    AttendanceForm,
    CountersignForm,
    CourseForm,
    EndRestrictedPostForm,
    LeaverForm,
    PublishAgreementForm,
    RestrictedPostForm,
    SessionForm,
    SignAgreementForm,
    TrainingRecordForm,
)
from socialguard.people.models import AgreementVersion
from socialguard.people.selectors import Measure


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None for a GET: an empty POST must still bind (and fail) a form."""
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    # The decorators have already turned away anonymous visitors.
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - narrowing for the type checker only
    return user


# --- CSV export ----------------------------------------------------------------------------------

# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return response


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


# --- my compliance -------------------------------------------------------------------------------


@staff_required
def my_compliance(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SignAgreementForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            version = AgreementVersion.objects.filter(
                pk=form.cleaned_data["version"], council=user.council
            ).first()
            if version is None:
                form.add_error(None, "That agreement does not exist. Read the current one.")
            else:
                try:
                    services.sign_agreement(actor=user, version=version)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"You signed version {version.number}.")
                    return redirect("people:my_compliance")
        status = 400
    page = selectors.my_compliance(user)
    if page.context.agreement is not None and not form.is_bound:
        form = SignAgreementForm(initial={"version": page.context.agreement.pk})
    return render(
        request,
        "people/my_compliance.html",
        {"page": page, "form": form, "rules": governance_for(page.context.council).access},
        status=status,
    )


# --- my team (St Helens §9.8, §9.12) -------------------------------------------------------------


@capability_required(Capability.VIEW_TEAM_COMPLIANCE)
def team(request: HttpRequest) -> HttpResponse:
    rows = selectors.team_compliance_for(_user(request))
    if _wants_csv(request):
        return _csv(
            "team-compliance.csv",
            ["Name", "Email", "Job title", "User agreement", "Training", "Policy acknowledgement"],
            (
                [
                    r.person.get_full_name(),
                    r.person.email,
                    r.person.job_title,
                    r.agreement.label,
                    r.training.label,
                    r.acknowledgement.label,
                ]
                for r in rows
            ),
        )
    return render(request, "people/team.html", {"rows": rows})


@capability_required(Capability.VIEW_TEAM_COMPLIANCE)
def countersign(request: HttpRequest, signature_id: int) -> HttpResponse:
    user = _user(request)
    signature = selectors.access_signature_to_countersign(user, signature_id)
    form = CountersignForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.countersign_agreement(actor=user, signature=signature)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"You countersigned {selectors.display_name(signature.user)}'s agreement."
            )
            return redirect("people:team")
    return render(
        request,
        "people/countersign.html",
        {"signature": signature, "form": form},
        status=400 if form.errors else 200,
    )


def _people_viewer(request: HttpRequest) -> User:
    """Line managers (their own reports) and compliance readers (their council) see people."""
    user = _user(request)
    if not (
        user.can(Capability.VIEW_COMPLIANCE_REPORTS) or user.can(Capability.VIEW_TEAM_COMPLIANCE)
    ):
        raise PermissionDenied("Your role does not include seeing other people's compliance.")
    return user


@staff_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _people_viewer(request)
    subject = selectors.access_person(user, person_id)
    context = selectors.compliance_context(subject.council)  # type: ignore[arg-type]
    return render(
        request,
        "people/person.html",
        {
            "subject": subject,
            "row": selectors.compliance_of([subject], context)[0],
            "readiness": selectors.access_readiness(subject),
            "records": selectors.records_of(subject),
            "can_record_leaver": subject.is_active and services.can_record_leaver(user, subject),
            "show_restriction": selectors.can_manage_restricted_posts(user),
        },
    )


@staff_required
def leaver(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _people_viewer(request)
    subject = selectors.access_person(user, person_id)
    if not services.can_record_leaver(user, subject):
        raise PermissionDenied("Only HR or the person's line manager can record them as a leaver.")
    form = LeaverForm(_posted(request), initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            accounts = services.record_leaver(
                actor=user, user=subject, left_on=form.cleaned_data["left_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            suspended = f" Access to {len(accounts)} account(s) suspended." if accounts else ""
            messages.success(
                request, f"{selectors.display_name(subject)} is recorded as a leaver.{suspended}"
            )
            return redirect("people:person", person_id=subject.pk)
    return render(
        request,
        "people/leaver.html",
        {"subject": subject, "form": form},
        status=400 if form.errors else 200,
    )


# --- the compliance report (St Helens §9.4–9.5) --------------------------------------------------


def _measure_text(measure: Measure) -> str:
    if measure.percent is None:
        return "Not applicable"
    return f"{measure.percent}% ({measure.compliant} of {measure.applicable})"


@capability_required(Capability.VIEW_COMPLIANCE_REPORTS)
def compliance(request: HttpRequest) -> HttpResponse:
    report = selectors.compliance_report_for(_user(request))
    rows = [*report.departments, report.total]
    if _wants_csv(request):
        header = ["Department", "Staff"]
        for name in ("User agreement", "Training", "Policy acknowledged"):
            header += [f"{name}: compliant", f"{name}: applies to", f"{name}: %"]
        return _csv(
            "compliance-by-department.csv",
            header,
            (
                [
                    row.department,
                    row.staff,
                    *[
                        value
                        for m in (row.agreement, row.training, row.acknowledgement)
                        for value in (m.compliant, m.applicable, m.percent)
                    ],
                ]
                for row in rows
            ),
        )
    measures = [
        (
            "agreement",
            "User agreement signed"
            + (" and countersigned" if report.context.countersignature_required else ""),
            "agreement",
        ),
        (
            "training",
            f"{report.context.training_course or 'Required'} training current",
            "training",
        ),
        ("acknowledgement", "Current policy acknowledged", "acknowledgement"),
    ]
    charts = [
        percent_bar_chart(
            chart_id=f"chart-{key}",
            title=f"{title}, by department",
            description=(
                "Percentage of staff in each department to whom the measure applies who meet it. "
                "The table below gives the same figures."
            ),
            rows=[
                (
                    row.department,
                    getattr(row, attribute).percent,
                    _measure_text(getattr(row, attribute)),
                )
                for row in report.departments
            ],
        )
        for key, title, attribute in measures
        if getattr(report.total, attribute).applicable
    ]
    return render(
        request,
        "people/compliance.html",
        {
            "report": report,
            "charts": charts,
            "today": report.context.today,
            "can_view_register": _user(request).can(Capability.VIEW_REGISTER),
        },
    )


# --- agreements (policy owner) -------------------------------------------------------------------


@capability_required(Capability.MANAGE_POLICY)
def agreements(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    versions = list(selectors.list_agreement_versions_for(user))
    latest = versions[0] if versions else None
    form = PublishAgreementForm(
        _posted(request),
        initial={"title": latest.title, "body": latest.body} if latest else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_agreement_version(
                actor=user,
                council=user.council,  # type: ignore[arg-type]
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {version.number} is published. Everyone must sign it again.",
            )
            return redirect("people:agreements")
    return render(
        request,
        "people/agreements.html",
        {
            "versions": versions,
            "form": form,
            "rules": governance_for(user.council).access,  # type: ignore[arg-type]
        },
        status=400 if form.errors else 200,
    )


# --- training (policy owner) ---------------------------------------------------------------------


@capability_required(Capability.MANAGE_POLICY)
def courses(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access_course = governance_for(user.council).access.training_course  # type: ignore[arg-type]
    form = CourseForm(_posted(request), access_course=access_course)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.save_course(
                actor=user,
                council=user.council,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{course.name} is saved.")
            return redirect("people:course", course_id=course.pk)
    return render(
        request,
        "people/courses.html",
        {
            "courses": selectors.list_courses_for(user),
            "form": form,
            "access_course": access_course,
        },
        status=400 if form.errors else 200,
    )


@capability_required(Capability.MANAGE_POLICY)
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_course(user, course_id)
    today = timezone.localdate()
    return render(
        request,
        "people/course.html",
        {
            "course": found,
            "sessions": found.sessions.order_by("-starts_at"),
            "records": selectors.records_for_course(found),
            "today": today,
            "now": timezone.now(),
        },
    )


@capability_required(Capability.MANAGE_POLICY)
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_course(user, course_id)
    access_course = governance_for(found.council).access.training_course
    initial = {
        "name": found.name,
        "description": found.description,
        "validity_months": found.validity_months,
        "awareness_session": found.awareness_session,
    }
    form = CourseForm(_posted(request), initial=initial, access_course=access_course)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_course(
                actor=user, council=found.council, course=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The course is saved.")
            return redirect("people:course", course_id=found.pk)
    return render(
        request,
        "people/course_edit.html",
        {"course": found, "form": form},
        status=400 if form.errors else 200,
    )


@capability_required(Capability.MANAGE_POLICY)
def session_new(request: HttpRequest, course_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_course(user, course_id)
    form = SessionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_session(
                actor=user,
                course=found,
                starts_at=form.starts_at(),
                location=form.cleaned_data["location"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The session is scheduled.")
            return redirect("people:course", course_id=found.pk)
    return render(
        request,
        "people/session_new.html",
        {"course": found, "form": form},
        status=400 if form.errors else 200,
    )


@capability_required(Capability.MANAGE_POLICY)
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_session(user, session_id)
    form = AttendanceForm(_posted(request), staff=selectors.staff_choices(found.council_id))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_attendance(
                actor=user, session=found, attendees=form.cleaned_data["attendees"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Attendance recorded for {len(result.recorded)} people.")
            return redirect("people:session", session_id=found.pk)
    attendance = found.attendance.select_related("user").order_by("user__last_name")
    return render(
        request,
        "people/session.html",
        {
            "session": found,
            "attendance": attendance,
            "form": form,
            "started": found.starts_at <= timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@capability_required(Capability.MANAGE_POLICY)
def record_new(request: HttpRequest, course_id: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_course(user, course_id)
    form = TrainingRecordForm(_posted(request), staff=selectors.staff_choices(found.council_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_training(
                actor=user,
                user=form.cleaned_data["user"],
                course=found,
                completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The completion is recorded.")
            return redirect("people:course", course_id=found.pk)
    return render(
        request,
        "people/record_new.html",
        {"course": found, "form": form},
        status=400 if form.errors else 200,
    )


# --- politically restricted posts (St Helens §5.7) -----------------------------------------------


def _register_keeper(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.can_manage_restricted_posts(user):
        raise PermissionDenied(
            "Your role does not include keeping the politically restricted posts register."
        )
    return user


@staff_required
def restricted_posts(request: HttpRequest) -> HttpResponse:
    user = _register_keeper(request)
    form = RestrictedPostForm(
        _posted(request),
        staff=selectors.staff_choices(user.council_id),  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.add_restricted_post(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{selectors.display_name(post.user)} is on the register.")
            return redirect("people:restricted_posts")
    return render(
        request,
        "people/restricted_posts.html",
        {
            "posts": selectors.list_restricted_posts_for(user),
            "ended": selectors.list_restricted_posts_for(user, include_removed=True).filter(
                removed_at__isnull=False
            ),
            "form": form,
            "manages_policy": user.can(Capability.MANAGE_POLICY),
        },
        status=400 if form.errors else 200,
    )


@staff_required
def restricted_post_end(request: HttpRequest, post_id: int) -> HttpResponse:
    user = _register_keeper(request)
    post = selectors.access_restricted_post(user, post_id)
    form = EndRestrictedPostForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_restricted_post(
                actor=user, post=post, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{selectors.display_name(post.user)} is no longer on the register."
            )
            return redirect("people:restricted_posts")
    return render(
        request,
        "people/restricted_post_end.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )
