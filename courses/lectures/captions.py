"""Reading WebVTT captions back as plain text for the transcript page."""

import re

TIMING = re.compile(r"^\s*(\d{2}:)?\d{2}:\d{2}\.\d{3}\s+-->\s+")
TAG = re.compile(r"<[^>]+>")


def transcript_from_webvtt(text: str) -> list[str]:
    """The cue texts of a WebVTT file, one paragraph per cue, without timings, ids, notes or tags."""
    paragraphs: list[str] = []
    blocks = re.split(r"\r?\n\s*\r?\n", text.lstrip("\ufeff"))
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or lines[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        for index, line in enumerate(lines):
            if TIMING.match(line):
                cue = " ".join(TAG.sub("", part).strip() for part in lines[index + 1 :])
                if cue:
                    paragraphs.append(cue)
                break
    return paragraphs
