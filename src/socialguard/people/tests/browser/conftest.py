"""Browser fixtures (Playwright, Debian's Chromium, axe-core) shared with the shell's tests."""

from socialguard.tests.browser.conftest import (  # noqa: F401 - pytest finds fixtures by name
    browser,
    page,
    page_without_js,
    pytest_collection_modifyitems,
)
