from django.urls import URLPattern, path

from socialguard.people import views

app_name = "people"

# Each page has its own path prefix: the menu marks an item active by prefix, so "My compliance"
# (me/) must not sit above "My team" (team/).
urlpatterns: list[URLPattern] = [
    path("me/", views.my_compliance, name="my_compliance"),
    path("team/", views.team, name="team"),
    path("team/signatures/<int:signature_id>/", views.countersign, name="countersign"),
    path("staff/<int:person_id>/", views.person, name="person"),
    path("staff/<int:person_id>/leaver/", views.leaver, name="leaver"),
    path("compliance/", views.compliance, name="compliance"),
    path("agreements/", views.agreements, name="agreements"),
    path("training/", views.courses, name="courses"),
    path("training/<int:course_id>/", views.course, name="course"),
    path("training/<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("training/<int:course_id>/sessions/new/", views.session_new, name="session_new"),
    path("training/<int:course_id>/completions/new/", views.record_new, name="record_new"),
    path("training/sessions/<int:session_id>/", views.session, name="session"),
    path("restricted-posts/", views.restricted_posts, name="restricted_posts"),
    path(
        "restricted-posts/<int:post_id>/end/",
        views.restricted_post_end,
        name="restricted_post_end",
    ),
]
