from django.urls import URLPattern, path

from socialguard.policies import views

app_name = "policies"

# "current/" rather than the app's root: the menu marks an item active by path prefix, and the
# policy page must not look active on the policy owner's pages under "manage/".
urlpatterns: list[URLPattern] = [
    path("current/", views.policy, name="policy"),
    path("manage/", views.manage, name="manage"),
    path("manage/activate/", views.activate, name="activate"),
    path("manage/versions/<int:version_id>/review/", views.review, name="review"),
]
