"""The JSON API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

Each app contributes a router (``<app>/api.py``) registered here.
"""

from ninja import NinjaAPI

import socialguard

api = NinjaAPI(
    title="SocialGuard API",
    version=socialguard.__version__,
    description="Social media governance for UK councils. Integrations authenticate with tokens.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP forbids
)
api.add_router("/inbound", "socialguard.inbox.api.router")
