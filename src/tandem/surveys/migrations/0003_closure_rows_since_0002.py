"""The last move of the fixed closure form: rows of ``relationships.ClosureSurvey`` written
after migration 0002 (the closure page and API kept writing them until the closure survey was
answered through the builder) become responses of the program's closure survey, with their
has-responded records. Then ``relationships.0004`` drops the old table.

Idempotent: a row whose member already has a has-responded record for that relationship in
one of the program's closure-template surveys (0002 moved it, or they answered again through
the builder) is skipped. The program's closure survey is its oldest open survey from the
``closure`` template, else its oldest closure-template survey, else a new one from the
template (as 0002 made them). In an anonymous closure survey the response keeps no person
and no relationship, as the builder does.

Reversible: going back re-creates an old row for each *named* closure-template response
that holds the three fixed answers (anonymous ones are linked to nobody and cannot return);
the responses stay, so going forward again skips them.
"""

from django.db import migrations

ACHIEVED = "What did you achieve together?"
RATING = "Overall, the mentoring relationship was worthwhile."
RECOMMEND = "Would you recommend mentoring to a colleague?"
NPS = "How likely are you to recommend this program to a colleague?"
LIKERT = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
QUESTIONS = [
    ("text", ACHIEVED, [], True),
    ("likert", RATING, LIKERT, True),
    ("choice", RECOMMEND, ["Yes", "No"], True),
    ("nps", NPS, [], False),
]


def _closure_survey(apps, program_id):  # type: ignore[no-untyped-def]
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    surveys = Survey.objects.filter(program_id=program_id, template_key="closure").order_by("pk")
    found = surveys.filter(status="open", trigger="closure").first() or surveys.first()
    if found is not None:
        return found
    survey = Survey.objects.create(
        program_id=program_id,
        title="Closure survey",
        description="When the relationship closes: what you achieved together.",
        template_key="closure",
        trigger="closure",
        audience=["mentor", "mentee", "peer"],
        status="open",
    )
    for position, (kind, text, options, required) in enumerate(QUESTIONS):
        Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text=text,
            options=options,
            required=required,
        )
    return survey


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ClosureSurvey = apps.get_model("relationships", "ClosureSurvey")
    Member = apps.get_model("relationships", "RelationshipMember")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    Completion = apps.get_model("surveys", "Completion")
    rows = ClosureSurvey.objects.select_related("relationship").order_by("pk")
    for row in rows.iterator():
        program_id = row.relationship.program_id
        already = Completion.objects.filter(
            survey__program_id=program_id,
            survey__template_key="closure",
            person_id=row.person_id,
            relationship_id=row.relationship_id,
        )
        if already.exists():
            continue
        survey = _closure_survey(apps, program_id)
        questions = {q.text: q for q in survey.questions.all()}
        member = Member.objects.filter(
            relationship_id=row.relationship_id, participant__person_id=row.person_id
        ).first()
        response = Response.objects.create(
            survey=survey,
            person_id=None if survey.anonymous else row.person_id,
            relationship_id=None if survey.anonymous else row.relationship_id,
            role=member.role if member else "",
            submitted_on=row.created_at.date(),
        )
        values = {
            ACHIEVED: {"text": row.achieved},
            RATING: {"number": row.rating},
            RECOMMEND: {"choices": ["Yes" if row.would_recommend else "No"]},
        }
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=questions[text], **value)
                for text, value in values.items()
                if text in questions
            ]
        )
        Completion.objects.create(
            survey=survey,
            person_id=row.person_id,
            relationship_id=row.relationship_id,
            responded_on=row.created_at.date(),
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ClosureSurvey = apps.get_model("relationships", "ClosureSurvey")
    Response = apps.get_model("surveys", "Response")
    responses = Response.objects.filter(
        survey__template_key="closure", person__isnull=False, relationship__isnull=False
    ).prefetch_related("answers__question")
    for response in responses.order_by("submitted_on", "pk").iterator(chunk_size=500):
        answers = {a.question.text: a for a in response.answers.all()}
        if not {ACHIEVED, RATING, RECOMMEND} <= answers.keys():
            continue
        rating = answers[RATING].number
        if rating is None or not answers[ACHIEVED].text:
            continue
        ClosureSurvey.objects.get_or_create(
            relationship_id=response.relationship_id,
            person_id=response.person_id,
            defaults={
                "achieved": answers[ACHIEVED].text,
                "rating": rating,
                "would_recommend": answers[RECOMMEND].choices == ["Yes"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_closure_surveys_into_builder"),
        ("relationships", "0003_member_named_in_celebrations"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
