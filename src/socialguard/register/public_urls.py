from django.urls import path

from socialguard.register import public_views

app_name = "public"

urlpatterns = [
    path("<slug:slug>/", public_views.register_page, name="register"),
    path("<slug:slug>/accounts.json", public_views.accounts_feed, name="accounts_feed"),
]
