"""JSON responses of the open data API: open to every origin, errors as JSON too."""

import json
from collections.abc import Iterable, Iterator
from functools import wraps

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.utils.translation import get_language

# The API is read-only public data: any site may fetch it from the browser. A plain GET with no
# credentials needs no preflight, so one header is enough.
CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}

# Swapped in for the request's URL configuration on API errors so that LocaleMiddleware does not
# turn an API 404 into a redirect to /<lang>/api/... (the Wagtail catch-all would accept that).
API_URLCONF = "directory.outreach.api.urls_root"


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter


def json_response(request: HttpRequest, data, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response["Content-Language"] = get_language()
    if status == 200:
        response["Cache-Control"] = "public, max-age=300"
    else:
        response["Cache-Control"] = "no-cache"
    return response


def ndjson_lines(objects: Iterable[list[dict]]) -> Iterator[bytes]:
    """Newline-delimited JSON (https://github.com/ndjson/ndjson-spec): one object a line, a chunk
    of objects written at a time."""
    for chunk in objects:
        if chunk:
            yield "".join(
                json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")) + "\n"
                for item in chunk
            ).encode()


def ndjson_response(request: HttpRequest, chunks: Iterable[list[dict]], *, language: str) -> StreamingHttpResponse:
    """A streamed format=ndjson response. Parameters are checked before this is built: once the
    first line is sent a status cannot change. A HEAD request reads no rows."""
    body = ndjson_lines(chunks) if request.method != "HEAD" else iter(())
    response = StreamingHttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response["Content-Language"] = language
    response["Cache-Control"] = "public, max-age=300"
    # nginx would otherwise buffer the whole stream before passing it on: send lines as they come.
    response["X-Accel-Buffering"] = "no"
    return response


def error_response(request: HttpRequest, error: ApiError) -> JsonResponse:
    body = {"error": {"status": error.status, "message": error.message}}
    if error.parameter:
        body["error"]["parameter"] = error.parameter
    request.urlconf = API_URLCONF
    return json_response(request, body, status=error.status)


def api_view(view):
    """GET and HEAD only; ApiError becomes its JSON response."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(request, ApiError(405, "Only GET is supported: this API is read-only."))
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(request, error)

    return wrapped
