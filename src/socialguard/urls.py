from django.urls import include, path

from socialguard.api import api
from socialguard.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("socialguard.core.urls")),
    path("accounts/", include("socialguard.accounts.urls")),
    path("audit/", include("socialguard.audit.urls")),
    path("policy/", include("socialguard.policies.urls")),
    path("people/", include("socialguard.people.urls")),
    path("register/", include("socialguard.register.urls")),
    path("inbox/", include("socialguard.inbox.urls")),
    path("public/", include("socialguard.register.public_urls")),
    path("api/v1/", api.urls),
]

handler403 = "socialguard.core.views.permission_denied"
handler404 = "socialguard.core.views.page_not_found"
handler500 = "socialguard.core.views.server_error"
