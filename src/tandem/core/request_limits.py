"""Refuse an oversized request by its ``Content-Length`` before a byte of the body is read.

Django checks ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only for form fields and reads file uploads to
the end before a form can look at their size; a 2 GB upload would be received (to disk) in
full. This middleware answers 413 at once: JSON for the API, the error page for a browser.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

REQUEST_TOO_LARGE = (
    "The upload is {size:.0f} MB; the limit is {limit} MB. Split the file into smaller files."
)
_MULTIPART_OVERHEAD = 1024 * 1024  # form fields and part headers around the file


def max_request_bytes() -> int:
    return int(settings.TANDEM_MAX_UPLOAD_BYTES) + _MULTIPART_OVERHEAD


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            return self._too_large(request, length)
        return self.get_response(request)

    @staticmethod
    def _too_large(request: HttpRequest, length: int) -> HttpResponse:
        limit = int(settings.TANDEM_MAX_UPLOAD_BYTES) // (1024 * 1024)
        message = REQUEST_TOO_LARGE.format(size=length / (1024 * 1024), limit=limit)
        # The body is not read: the connection must not be reused for a next request.
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message, "errors": [{"field": "file", "message": message}]},
                status=413,
            )
        else:
            response = render(
                request, "web/error.html", {"status": 413, "message": message}, status=413
            )
        response["Connection"] = "close"
        return response
