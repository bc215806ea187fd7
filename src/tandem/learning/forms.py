"""Forms of the learning pages. The module form writes sections and the quiz as text:

Sections: a line ``# Title`` starts each section; Markdown follows.
Quiz: ``pass mark: 80``; ``? question`` (``?? question`` for several correct answers);
``* correct option``; ``- wrong option``.
"""

from __future__ import annotations

from typing import Any

from django import forms

from .models import TrainingModule

SECTIONS_HELP = "Start each section with a line “# Section title”, then write Markdown."
QUIZ_HELP = (
    "Optional. “pass mark: 80”, then for each question a line “? Question” (“?? Question” when "
    "several answers are right) and its options: “* right option”, “- wrong option”."
)


def sections_to_text(module: TrainingModule) -> str:
    return "\n\n".join(f"# {s.title}\n\n{s.body_markdown}" for s in module.sections.all())


def quiz_to_text(quiz: dict[str, Any]) -> str:
    if not quiz.get("questions"):
        return ""
    lines = [f"pass mark: {quiz.get('pass_mark', 80)}"]
    for q in quiz["questions"]:
        lines.append(("?? " if q["kind"] == "multiple" else "? ") + q["text"])
        lines.extend(("* " if o["correct"] else "- ") + o["text"] for o in q["options"])
    return "\n".join(lines)


def parse_sections(text: str) -> list[dict[str, str]]:
    sections: list[dict[str, Any]] = []
    for line in text.splitlines():
        if line.startswith("# "):
            sections.append({"title": line[2:].strip(), "lines": []})
        elif sections:
            sections[-1]["lines"].append(line)
        elif line.strip():
            sections.append({"title": "", "lines": [line]})
    return [{"title": s["title"], "body_markdown": "\n".join(s["lines"]).strip()} for s in sections]


def parse_quiz(text: str) -> dict[str, Any]:
    """Text to the quiz JSON; the rules are checked by ``training.clean_quiz``."""
    if not text.strip():
        return {}
    quiz: dict[str, Any] = {"pass_mark": 80, "questions": []}
    for raw in text.splitlines():
        line = raw.strip()
        if line.lower().startswith("pass mark:"):
            value = line.split(":", 1)[1].strip().rstrip("%")
            quiz["pass_mark"] = int(value) if value.lstrip("-").isdigit() else value
        elif line.startswith("??"):
            quiz["questions"].append({"text": line[2:].strip(), "kind": "multiple", "options": []})
        elif line.startswith("?"):
            quiz["questions"].append({"text": line[1:].strip(), "kind": "single", "options": []})
        elif line[:1] in "*-" and line and quiz["questions"]:
            quiz["questions"][-1]["options"].append(
                {"text": line[1:].strip(), "correct": line[0] == "*"}
            )
    return quiz


class ModuleForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=500, required=False)
    audience = forms.ChoiceField(choices=TrainingModule.Audience.choices)
    minutes = forms.IntegerField(min_value=1, max_value=600, label="Estimated minutes")
    published = forms.BooleanField(required=False, initial=True)
    sections_text = forms.CharField(
        label="Sections", widget=forms.Textarea(attrs={"rows": 16}), help_text=SECTIONS_HELP
    )
    quiz_text = forms.CharField(
        label="Quiz", required=False, widget=forms.Textarea(attrs={"rows": 10}), help_text=QUIZ_HELP
    )

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "summary": d["summary"],
            "audience": d["audience"],
            "minutes": d["minutes"],
            "published": d["published"],
            "sections": parse_sections(d["sections_text"]),
            "quiz": parse_quiz(d["quiz_text"]),
        }


def module_initial(module: TrainingModule) -> dict[str, Any]:
    return {
        "title": module.title,
        "summary": module.summary,
        "audience": module.audience,
        "minutes": module.minutes,
        "published": module.published,
        "sections_text": sections_to_text(module),
        "quiz_text": quiz_to_text(module.quiz),
    }


class QuizForm(forms.Form):
    """One field per question: radio buttons (single) or checkboxes (multiple)."""

    def __init__(self, *args: Any, quiz: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, q in enumerate(quiz.get("questions", [])):
            choices = [(str(i), o["text"]) for i, o in enumerate(q["options"])]
            label = f"{n + 1}. {q['text']}"
            if q["kind"] == "multiple":
                self.fields[f"q{n}"] = forms.MultipleChoiceField(
                    label=label + " (choose all that apply)",
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                self.fields[f"q{n}"] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect
                )

    def answers(self) -> list[list[int]]:
        out = []
        for name in self.fields:
            value = self.cleaned_data[name]
            out.append([int(v) for v in (value if isinstance(value, list) else [value])])
        return out


class ProgramTrainingForm(forms.Form):
    mentor_modules = forms.ModelMultipleChoiceField(
        queryset=TrainingModule.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Mentors must complete",
    )
    mentee_modules = forms.ModelMultipleChoiceField(
        queryset=TrainingModule.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Mentees must complete",
    )
    training_gate = forms.ChoiceField(
        choices=[
            ("block", "Leave them unmatched until it is done"),
            ("warn", "Match them, and only warn"),
        ],
        widget=forms.RadioSelect,
        label="When a match run finds training not done",
    )
    training_min_score = forms.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        label="Minimum quiz score, %",
        help_text="Empty: a completed module is enough (its quiz passed at its own pass mark).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        published = TrainingModule.objects.filter(published=True)
        self.fields["mentor_modules"].queryset = published  # type: ignore[attr-defined]
        self.fields["mentee_modules"].queryset = published  # type: ignore[attr-defined]

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "required_training": {
                "mentor": [m.pk for m in d["mentor_modules"]],
                "mentee": [m.pk for m in d["mentee_modules"]],
            },
            "training_gate": d["training_gate"],
            "training_min_score": d["training_min_score"],
        }
