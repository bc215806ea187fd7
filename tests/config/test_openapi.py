"""The committed OpenAPI document is the one the code generates, and it keeps API.md's paths."""

from __future__ import annotations

import json
from pathlib import Path

from tandem.cli.management.commands.export_openapi import openapi_document

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"
CONTRACT_PATHS = [  # every path of ../shared/API.md, the promise to integrators
    "/api/v1/auth/token",
    "/api/v1/me",
    "/api/v1/people",
    "/api/v1/people/{person_id}",
    "/api/v1/people/import",
    "/api/v1/people/{person_id}/profile",
    "/api/v1/skills",
    "/api/v1/programs",
    "/api/v1/programs/{program_id}",
    "/api/v1/programs/{program_id}/clone",
    "/api/v1/programs/{program_id}/participants",
    "/api/v1/participants/{participant_id}",
    "/api/v1/programs/{program_id}/match-runs",
    "/api/v1/match-runs/{run_id}",
    "/api/v1/match-runs/{run_id}/proposals/{proposal_id}",
    "/api/v1/match-runs/{run_id}/publish",
    "/api/v1/programs/{program_id}/recommendations",
    "/api/v1/match-requests",
    "/api/v1/match-requests/{request_id}/accept",
    "/api/v1/match-requests/{request_id}/decline",
    "/api/v1/relationships",
    "/api/v1/relationships/{relationship_id}",
    "/api/v1/relationships/{relationship_id}/agreement",
    "/api/v1/relationships/{relationship_id}/goals",
    "/api/v1/goals/{goal_id}",
    "/api/v1/goals/{goal_id}/milestones",
    "/api/v1/milestones/{milestone_id}",
    "/api/v1/relationships/{relationship_id}/meetings",
    "/api/v1/meetings/{meeting_id}",
    "/api/v1/meetings/{meeting_id}/invite.ics",
    "/api/v1/meetings/{meeting_id}/pulse",
    "/api/v1/relationships/{relationship_id}/notes",
    "/api/v1/me/notification-preferences",
    "/api/v1/programs/{program_id}/nudge-rules",
    "/api/v1/programs/{program_id}/at-risk",
    "/api/v1/relationships/{relationship_id}/interventions",
    "/api/v1/interventions/{intervention_id}",
    "/api/v1/programs/{program_id}/channels",
    "/api/v1/channels/{channel_id}",
    "/api/v1/channels/{channel_id}/test",
    "/api/v1/webhooks",
    "/api/v1/webhooks/events",
    "/api/v1/webhooks/{webhook_id}",
    "/api/v1/webhooks/{webhook_id}/deliveries",
    "/api/v1/deliveries/{delivery_id}/redeliver",
    "/api/v1/people/{person_id}/demographics",
    "/api/v1/insights/reach",
]


def test_the_committed_openapi_document_matches_the_code():
    assert COMMITTED.exists(), "run `make openapi` and commit docs/api/openapi.json"
    assert json.loads(COMMITTED.read_text()) == json.loads(openapi_document()), (
        "The API changed: run `make openapi` and commit docs/api/openapi.json"
    )


def test_the_public_contract_paths_of_api_md_are_all_present():
    paths = json.loads(openapi_document())["paths"]
    missing = [p for p in CONTRACT_PATHS if p not in paths]
    assert not missing
