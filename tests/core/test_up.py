"""`tandem up`: links follow its port; safe defaults; what `make run` prints."""

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from tandem.cli.management.commands import up
from tandem.cli.management.commands.up import default_base_url
from tandem.core import safety


def test_links_follow_the_port_tandem_up_listens_on(monkeypatch):
    monkeypatch.setenv("TANDEM_BASE_URL", "recorded, so that teardown restores the original")
    monkeypatch.delenv("TANDEM_BASE_URL")
    default_base_url("0.0.0.0", 9000)
    assert os.environ["TANDEM_BASE_URL"] == "http://127.0.0.1:9000"


def test_an_explicit_base_url_is_kept(monkeypatch):
    monkeypatch.setenv("TANDEM_BASE_URL", "https://mentoring.example.com")
    default_base_url("127.0.0.1", 9000)
    assert os.environ["TANDEM_BASE_URL"] == "https://mentoring.example.com"


# --- safe defaults (issue 15.7) ---------------------------------------------------------------


@pytest.fixture
def dev_key(settings):
    settings.SECRET_KEY = settings.INSECURE_DEV_KEY
    settings.DEBUG = False
    settings.DEMO = False
    return settings


def test_the_public_development_key_with_debug_off_refuses_to_serve(dev_key):
    with pytest.raises(CommandError, match="built-in development SECRET_KEY is public"):
        call_command("serve")
    with pytest.raises(CommandError, match="built-in development SECRET_KEY is public"):
        call_command("up")


def test_the_public_development_key_fails_check_deploy_even_for_a_demo(dev_key):
    dev_key.DEMO = True
    with pytest.raises(SystemCheckError, match=r"tandem\.E001"):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_secret_key_of_ones_own_passes_the_key_check(dev_key):
    dev_key.SECRET_KEY = "x" * 60
    assert safety.start_refusal() is None
    assert safety.check_secret_key(None) == []


def test_a_local_demo_may_use_the_development_key(dev_key):
    dev_key.DEMO = True
    assert safety.start_refusal() is None


@pytest.mark.django_db
def test_tandem_up_leaves_an_empty_database_empty_unless_the_demo_is_asked_for(settings):
    from tandem.people.models import Person

    settings.DEMO = False
    command = up.Command(stdout=io.StringIO())
    command._load_demo_if_empty(asked=False)
    assert not Person.objects.exists()
    assert "tandem createsuperuser" in command.stdout._out.getvalue()


def test_make_run_asks_for_the_demo_and_installs_only_the_runtime_dependencies():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "TANDEM_DEMO=1" in run
    assert "$(RUN_STAMP)" in run
    runtime = makefile.split("$(RUN_STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "-e ." in runtime and "[dev]" not in runtime


@pytest.mark.django_db
def test_the_banner_comes_with_the_demo_logins_only_when_the_demo_users_exist(settings, tmp_path):
    from tandem.accounts.models import User

    settings.DEMO_MODE = True
    lines = "\n".join(up.banner_lines("0.0.0.0", 8000, tmp_path, tmp_path))
    assert "http://127.0.0.1:8000/" in lines
    assert "Demo logins" not in lines
    assert f"Emails are saved as files in {tmp_path}/" in lines
    User.objects.create_user("admin@demo.tandem.test", "x")
    lines = "\n".join(up.banner_lines("127.0.0.1", 8000, None, tmp_path))
    assert "Demo logins (password: tandem-demo)" in lines
    assert lines.rstrip().endswith("Press Ctrl+C to stop.")


def test_without_email_url_tandem_up_writes_emails_to_files(monkeypatch, settings, tmp_path):
    monkeypatch.setenv("EMAIL_URL", "placeholder, so that teardown restores the original")
    monkeypatch.delenv("EMAIL_URL")
    settings.DATA_DIR = tmp_path
    assert up.mail_directory() == tmp_path / "mail"
    assert os.environ["EMAIL_URL"] == f"file://{tmp_path}/mail"
    assert up.mail_directory() is None  # an explicit EMAIL_URL is kept
