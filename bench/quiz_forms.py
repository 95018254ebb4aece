"""Reading a quiz attempt form as a browser would: what a learner who picks the first choice sends.

Shared by the benchmarks that take quizzes over HTTP (bench/quiz_submit.py, bench/load_mix.py,
bench/load_fixtures.py). Standard library only, so a load generator can import it.
"""

import re

FIELD = re.compile(r'<(input|select)[^>]*name="(q\d+[^"]*)"[^>]*>', re.S)
VALUE = re.compile(r'value="([^"]*)"')
OPTION = re.compile(r'<option value="([^"]+)"')
IDEMPOTENCY_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form_answers(html: str) -> dict[str, str]:
    """What a learner who picks the first choice everywhere and types "111" would send."""
    data: dict[str, str] = {}
    for match in FIELD.finditer(html):
        tag, name = match.group(1), match.group(2)
        if name in data:
            continue
        if tag == "select":
            following = html[match.end() : match.end() + 2000]
            first = OPTION.search(following)
            if first:
                data[name] = first.group(1)
        elif 'type="text"' in match.group(0):
            data[name] = "111"
        else:
            value = VALUE.search(match.group(0))
            if value:
                data[name] = value.group(1)
    return data


def submission(html: str) -> dict[str, str] | None:
    """The whole POST body of "send the quiz as it is" from an attempt form, or None if ``html`` has no form."""
    key = IDEMPOTENCY_KEY.search(html)
    if key is None:
        return None
    data = {"idempotency_key": key.group(1), "action": "submit", "confirm_incomplete": "1", **form_answers(html)}
    token = CSRF_TOKEN.search(html)
    if token:
        data["csrfmiddlewaretoken"] = token.group(1)
    return data
