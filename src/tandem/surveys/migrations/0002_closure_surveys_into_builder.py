"""The fixed closure survey becomes the builder's "closure" template: each program with
answers gets a closure survey, and each answer becomes a named response (and its
has-responded record). The old rows stay where they were; nothing is deleted."""

from django.db import migrations

LIKERT = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ClosureSurvey = apps.get_model("relationships", "ClosureSurvey")
    Member = apps.get_model("relationships", "RelationshipMember")
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    Completion = apps.get_model("surveys", "Completion")
    rows = ClosureSurvey.objects.select_related("relationship").order_by("pk")
    surveys = {}
    for row in rows.iterator():
        program_id = row.relationship.program_id
        if program_id not in surveys:
            survey = Survey.objects.create(
                program_id=program_id,
                title="Closure survey",
                description="When the relationship closes: what you achieved together.",
                template_key="closure",
                trigger="closure",
                audience=["mentor", "mentee", "peer"],
                status="open",
            )
            questions = [
                Question.objects.create(
                    survey=survey, position=0, kind="text", text="What did you achieve together?"
                ),
                Question.objects.create(
                    survey=survey,
                    position=1,
                    kind="likert",
                    text="Overall, the mentoring relationship was worthwhile.",
                    options=LIKERT,
                ),
                Question.objects.create(
                    survey=survey,
                    position=2,
                    kind="choice",
                    text="Would you recommend mentoring to a colleague?",
                    options=["Yes", "No"],
                ),
                Question.objects.create(
                    survey=survey,
                    position=3,
                    kind="nps",
                    text="How likely are you to recommend this program to a colleague?",
                    required=False,
                ),
            ]
            surveys[program_id] = (survey, questions)
        survey, (achieved, rating, recommend, _) = surveys[program_id]
        member = Member.objects.filter(
            relationship_id=row.relationship_id, participant__person_id=row.person_id
        ).first()
        response = Response.objects.create(
            survey=survey,
            person_id=row.person_id,
            relationship_id=row.relationship_id,
            role=member.role if member else "",
            submitted_on=row.created_at.date(),
        )
        Answer.objects.bulk_create(
            [
                Answer(response=response, question=achieved, text=row.achieved),
                Answer(response=response, question=rating, number=row.rating),
                Answer(
                    response=response,
                    question=recommend,
                    choices=["Yes" if row.would_recommend else "No"],
                ),
            ]
        )
        Completion.objects.create(
            survey=survey,
            person_id=row.person_id,
            relationship_id=row.relationship_id,
            responded_on=row.created_at.date(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("relationships", "0002_goals_meetings_notes_pulses"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
