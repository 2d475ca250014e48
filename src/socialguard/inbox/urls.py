from django.urls import path

from socialguard.inbox import views, views_admin, views_stats

app_name = "inbox"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/<slug:action>/", views.item_action, name="item_action"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:referral_id>/", views.referral_update, name="referral_update"),
    path("stats/", views_stats.stats, name="stats"),
    path("rules/", views_admin.rules, name="rules"),
    path("rules/<int:rule_id>/", views_admin.rule_edit, name="rule_edit"),  # 0: a new rule
    path("import/", views_admin.import_upload, name="import"),
    path("settings/", views_admin.inbox_settings, name="settings"),
]
