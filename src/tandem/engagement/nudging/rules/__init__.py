"""Tandem's built-in nudge rules (importing this package registers them)."""

from . import agreements, enrolment, goals, inactivity, meetings, requests, risk

__all__ = ["agreements", "enrolment", "goals", "inactivity", "meetings", "requests", "risk"]
