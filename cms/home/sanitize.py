"""The one place where text from users or editors is cleaned before it is shown as HTML.

Everything goes through bleach with an explicit allowlist; callers say what they accept
(plain text, or iframes from named hosts) and never build their own cleaner.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
from django.utils.html import escape

# Attributes an embedded player may keep. Anything else (on*, style, srcdoc, sandbox, name, ...)
# is dropped; the values of the kept ones are checked below.
IFRAME_ATTRIBUTES = ("src", "title", "width", "height", "allow", "allowfullscreen", "loading")
# Browser features a player may ask for: a video call needs camera and microphone, a stream needs
# nothing more than fullscreen and autoplay.
IFRAME_ALLOW_FEATURES = frozenset(
    {"camera", "microphone", "fullscreen", "display-capture", "autoplay", "picture-in-picture", "encrypted-media"}
)


def plain_text(value: str, *, max_length: int | None = None) -> str:
    """``value`` with every tag removed and whitespace tidied: safe to store and show escaped."""
    cleaned = bleach.clean(value or "", tags=set(), attributes={}, strip=True, strip_comments=True)
    # bleach escapes what it keeps; stored text is shown through Django's autoescape, so unescape
    # the entities bleach made to avoid showing "&amp;" to readers.
    cleaned = cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    cleaned = "".join(ch for ch in cleaned if ch in "\n\t" or ch.isprintable())
    lines = [" ".join(line.split()) for line in cleaned.splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text[:max_length] if max_length else text


def _host_allowed(url: str, hosts: frozenset[str]) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme == "https" and (parts.hostname or "").lower() in hosts and not parts.username


def _attribute_allowed(hosts: frozenset[str]):
    def check(tag: str, name: str, value: str) -> bool:
        if tag != "iframe" or name not in IFRAME_ATTRIBUTES:
            return False
        if name == "src":
            return _host_allowed(value, hosts)
        if name in ("width", "height"):
            return value.rstrip("%").isdigit()
        if name == "loading":
            return value in ("lazy", "eager")
        if name == "allow":
            features = {part.strip().split(" ")[0] for part in value.split(";") if part.strip()}
            return features <= IFRAME_ALLOW_FEATURES
        return True

    return check


class _IframeCollector(HTMLParser):
    """Keeps only the iframes (with an allowed src) of bleach's output; text and other tags go."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.frames: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            found = dict(attrs)
            if found.get("src"):
                self.frames.append(found)


def iframe_embed(html: str, *, hosts: frozenset[str] | set[str], default_title: str = "") -> str:
    """Only the ``<iframe>`` elements of ``html`` whose https ``src`` is on one of ``hosts``.

    Scripts, event handlers, styles, other tags, text and iframes from any other host are dropped;
    each kept iframe gets a title (screen readers announce it) and a fixed referrer policy.
    """
    hosts = frozenset(host.lower() for host in hosts)
    cleaned = bleach.clean(
        html or "",
        tags={"iframe"},
        attributes=_attribute_allowed(hosts),
        protocols={"https"},
        strip=True,
        strip_comments=True,
    )
    collector = _IframeCollector()
    collector.feed(cleaned)
    collector.close()
    rendered = []
    for frame in collector.frames:
        frame.setdefault("title", default_title)
        parts = [f'src="{escape(frame["src"])}"', f'title="{escape(frame["title"] or default_title)}"']
        for name in ("width", "height", "allow", "loading"):
            if frame.get(name):
                parts.append(f'{name}="{escape(frame[name])}"')
        if "allowfullscreen" in frame:
            parts.append("allowfullscreen")
        # YouTube refuses embeds without a referrer; our site-wide policy sends none cross-origin.
        parts.append('referrerpolicy="strict-origin-when-cross-origin"')
        rendered.append(f"<iframe {' '.join(parts)}></iframe>")
    return "\n".join(rendered)
