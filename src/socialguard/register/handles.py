"""Turning what people paste ("@StHelensCouncil", a profile URL) into a platform and a handle."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from socialguard.register.models import Platform

DOMAINS: dict[str, Platform] = {
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "instagram.com": Platform.INSTAGRAM,
    "linkedin.com": Platform.LINKEDIN,
    "youtube.com": Platform.YOUTUBE,
    "tiktok.com": Platform.TIKTOK,
    "bsky.app": Platform.BLUESKY,
    "threads.net": Platform.THREADS,
    "threads.com": Platform.THREADS,
    "nextdoor.co.uk": Platform.NEXTDOOR,
    "flickr.com": Platform.FLICKR,
}
# Path segments that come before the handle on some platforms.
_PREFIXES = {"company", "in", "channel", "c", "user", "profile", "people", "photos", "pages"}


@dataclass(frozen=True)
class ParsedHandle:
    platform: Platform | None  # None when a bare handle was given
    handle: str  # lower case, without @


def normalise_handle(handle: str) -> str:
    return handle.strip().lstrip("@").strip("/").lower()


def parse(text: str) -> ParsedHandle | None:
    """Read a handle or profile URL; None when there is nothing recognisable."""
    text = text.strip()
    if not text:
        return None
    looks_like_url = "/" in text or any(text.lower().startswith(d) for d in DOMAINS)
    if not looks_like_url:
        handle = normalise_handle(text)
        return ParsedHandle(None, handle) if handle and " " not in handle else None
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    platform = DOMAINS.get(host)
    if platform is None and host.endswith(".linkedin.com"):
        platform = Platform.LINKEDIN
    segments = [s for s in parts.path.split("/") if s]
    while segments and segments[0].lower() in _PREFIXES:
        segments.pop(0)
    if not segments:
        return None
    return ParsedHandle(platform, normalise_handle(segments[0]))
