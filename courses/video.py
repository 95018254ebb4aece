"""Video sources a lesson may embed: a short allowlist of providers, each reduced to its player URL.

Anything else is refused when the editor saves the block, so a lesson can never frame an arbitrary
site. The player is loaded only when the learner asks for it (see static/courses/video.js).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class VideoEmbed:
    provider: str
    player_url: str
    page_url: str

    @property
    def origin(self) -> str:
        parts = urlsplit(self.player_url)
        return f"{parts.scheme}://{parts.netloc}"


_ID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")


def _youtube(parts) -> str | None:
    if parts.netloc in {"youtu.be"}:
        return parts.path.strip("/")
    if parts.path == "/watch":
        return (parse_qs(parts.query).get("v") or [""])[0]
    match = re.match(r"^/(?:embed|shorts|live)/([^/]+)", parts.path)
    return match.group(1) if match else None


def _vimeo(parts) -> str | None:
    match = re.match(r"^/(?:video/)?(\d+)/?$", parts.path)
    return match.group(1) if match else None


def _rutube(parts) -> str | None:
    match = re.match(r"^/(?:video|play/embed)/([0-9a-f]+)/?$", parts.path)
    return match.group(1) if match else None


PROVIDERS = {
    "youtube.com": ("YouTube", _youtube, "https://www.youtube-nocookie.com/embed/{id}"),
    "www.youtube.com": ("YouTube", _youtube, "https://www.youtube-nocookie.com/embed/{id}"),
    "m.youtube.com": ("YouTube", _youtube, "https://www.youtube-nocookie.com/embed/{id}"),
    "youtu.be": ("YouTube", _youtube, "https://www.youtube-nocookie.com/embed/{id}"),
    "vimeo.com": ("Vimeo", _vimeo, "https://player.vimeo.com/video/{id}"),
    "player.vimeo.com": ("Vimeo", _vimeo, "https://player.vimeo.com/video/{id}"),
    "rutube.ru": ("Rutube", _rutube, "https://rutube.ru/play/embed/{id}"),
}


def parse_video_url(url: str) -> VideoEmbed | None:
    """The embeddable player for ``url``, or None when the address is not on the allowlist."""
    parts = urlsplit((url or "").strip())
    if parts.scheme != "https" or parts.netloc.lower() not in PROVIDERS:
        return None
    provider, extract, template = PROVIDERS[parts.netloc.lower()]
    video_id = extract(parts)
    if not video_id or not _ID.match(video_id):
        return None
    return VideoEmbed(provider=provider, player_url=template.format(id=video_id), page_url=url.strip())
