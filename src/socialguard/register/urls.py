from django.urls import path

from socialguard.register import views

app_name = "register"

urlpatterns = [
    path("", views.account_list, name="account_list"),
    path("accounts/<int:account_id>/", views.account_detail, name="account_detail"),
    path("accounts/<int:account_id>/people/", views.account_add_member, name="account_add_member"),
    path(
        "accounts/<int:account_id>/people/<int:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("accounts/<int:account_id>/status/", views.account_status, name="account_status"),
    path("accounts/<int:account_id>/review/", views.account_review, name="account_review"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:case_id>/submit/", views.case_submit, name="case_submit"),
    path("cases/<int:case_id>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("cases/<int:case_id>/decide/", views.case_decide, name="case_decide"),
    path("cases/<int:case_id>/account/", views.case_create_account, name="case_create_account"),
]
