"""The .ics download of an office-hour booking, shared by the page and the API."""

from __future__ import annotations

from django.http import HttpResponse

from tandem.relationships import ics

from . import office_hours
from .models import OfficeHourBooking


def invite_response(booking: OfficeHourBooking) -> HttpResponse:
    """The booking's invite as an attachment: a CANCEL once cancelled, else a REQUEST."""
    method = ics.METHOD_CANCEL if booking.status == "cancelled" else ics.METHOD_REQUEST
    response = HttpResponse(
        office_hours.invite_bytes(booking), content_type=ics.content_type(method)
    )
    response["Content-Disposition"] = f'attachment; filename="office-hour-{booking.pk}.ics"'
    return response
