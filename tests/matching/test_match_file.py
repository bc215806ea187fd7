"""End to end: `tandem match-file` on small CSV fixtures."""

import csv
from pathlib import Path

import pytest

from tandem.cli.match_file import main

DATA = Path(__file__).parent / "data"


def run(tmp_path, *extra, mentees="mentees.csv", mentors="mentors.csv"):
    out = tmp_path / "matches.csv"
    code = main([str(DATA / mentees), str(DATA / mentors), "-o", str(out), *extra])
    rows = list(csv.DictReader(out.open(encoding="utf-8"))) if out.exists() else None
    return code, rows, out


def by_mentee(rows):
    return {row["mentee_email"]: row for row in rows}


def test_good_files_give_one_row_per_mentee_with_mentor_score_and_explanation(tmp_path):
    code, rows, _ = run(tmp_path)
    assert code == 0
    result = by_mentee(rows)
    assert list(result) == [
        "ana@example.com",
        "ben@example.com",
        "chloe@example.com",
        "finn@example.com",
    ]
    assert {k: v["mentor_email"] for k, v in result.items()} == {
        "ana@example.com": "dan@example.com",
        "ben@example.com": "",
        "chloe@example.com": "eve@example.com",
        "finn@example.com": "carla@example.com",
    }
    chloe = result["chloe@example.com"]
    assert chloe["status"] == "matched" and chloe["mentor_name"] == "Eve Adams"
    assert 0 < float(chloe["score"]) <= 100 and "." in chloe["score"]
    assert "you asked for this mentor" in chloe["explanation"]
    assert "shares 2 of 2 skills you want to develop: design, research" in chloe["explanation"]


def test_unmatched_mentees_get_a_row_with_the_reason(tmp_path):
    _, rows, _ = run(tmp_path)
    ben = by_mentee(rows)["ben@example.com"]
    assert (ben["status"], ben["score"]) == ("unmatched", "")
    assert ben["explanation"] == "all compatible mentors were full"


def test_nobody_is_matched_inside_their_management_chain(tmp_path):
    _, rows, _ = run(tmp_path, "--solver", "stable")
    result = by_mentee(rows)
    assert result["ana@example.com"]["mentor_email"] != "carla@example.com"
    assert result["ben@example.com"]["mentor_email"] != "dan@example.com"


def test_a_high_minimum_score_leaves_mentees_unmatched_with_that_minimum_named(tmp_path):
    code, rows, _ = run(tmp_path, "--min-score", "0.99")
    assert code == 0
    assert {r["status"] for r in rows} == {"unmatched"}
    finn = by_mentee(rows)["finn@example.com"]
    assert finn["explanation"].startswith("no mentor scores above the minimum 0.99")


def test_bad_rows_are_all_reported_with_file_row_and_column_and_nothing_is_written(
    tmp_path, capsys
):
    code, rows, out = run(tmp_path, mentees="bad_mentees.csv", mentors="bad_mentors.csv")
    assert code == 2 and rows is None and not out.exists()
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err
    expected = [
        "bad_mentees.csv, row 3, column 'Time zone': unknown time zone 'Mars/Olympus'",
        "bad_mentees.csv, row 4, column 'Email': 'chloe@example' is not an email address",
        "bad_mentees.csv, row 4, column 'Job level': 'senior' is not a job level",
        "bad_mentees.csv, row 5, column 'Email': ana@example.com already appears on row 2",
        "bad_mentees.csv, row 5, column 'Requested mentor': zed@example.com is not in",
        "bad_mentors.csv, row 2, column 'Expertise': level of 'SQL' must be a whole number",
        "bad_mentors.csv, row 3, column 'Capacity': 'two' is not a whole number",
    ]
    for message in expected:
        assert message in err
    assert "7 problem(s) found; nothing was written" in err


def test_an_unknown_criterion_in_weights_is_an_error_naming_it(tmp_path, capsys):
    code, _, out = run(tmp_path, "--weights", "skills=3,charisma=2")
    assert code == 2 and not out.exists()
    assert "'charisma'" in capsys.readouterr().err


def test_weights_choose_the_criteria_and_others_weigh_nothing(tmp_path):
    code, rows, _ = run(tmp_path, "--weights", "language=1")
    assert code == 0
    ana = by_mentee(rows)["ana@example.com"]
    assert ana["explanation"] == "both speak English" and ana["score"] == "100.0"


def test_semicolon_files_with_a_bom_and_other_header_names_are_read(tmp_path):
    mentees = tmp_path / "in" / "people.csv"
    mentees.parent.mkdir()
    mentees.write_text(
        "\ufeffE-mail address;Development goals;Grade\nzoe@example.com;SQL;L2\n", encoding="utf-8"
    )
    mentors = tmp_path / "in" / "experts.csv"
    mentors.write_text("Work email;Skills;Max mentees\nyan@example.com;SQL (4);2\n")
    out = tmp_path / "out.csv"
    assert (
        main([str(mentees), str(mentors), "-o", str(out), "--capacity-column", "Max mentees"]) == 0
    )
    [row] = list(csv.DictReader(out.open()))
    assert row["mentor_email"] == "yan@example.com"
    assert "shares 1 of 1 skills you want to develop: SQL" in row["explanation"]


def test_a_file_without_an_email_column_is_an_error(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Skills\nAna,SQL\n")
    code, _, out = run(tmp_path, mentees=str(bad))
    assert code == 2 and not out.exists()
    assert "bad.csv: no email column" in capsys.readouterr().err


def test_a_missing_file_is_an_error_not_a_crash(tmp_path, capsys):
    code, _, _ = run(tmp_path, mentees=str(tmp_path / "nope.csv"))
    assert code == 2
    assert "nope.csv: cannot read the file" in capsys.readouterr().err


def test_help_describes_the_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "--capacity-column" in capsys.readouterr().out


def test_semantic_text_without_the_extra_is_an_error_saying_what_to_install(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr("tandem.matching.text.semantic_available", lambda: False)
    code, _, out = run(tmp_path, "--text", "semantic")
    assert code == 2 and not out.exists()
    assert "pip install 'tandem[semantic]'" in capsys.readouterr().err
