"""`tandem up`: links in emails point at the port the server was started on."""

import os

from tandem.cli.management.commands.up import default_base_url


def test_links_follow_the_port_tandem_up_listens_on(monkeypatch):
    monkeypatch.setenv("TANDEM_BASE_URL", "recorded, so that teardown restores the original")
    monkeypatch.delenv("TANDEM_BASE_URL")
    default_base_url("0.0.0.0", 9000)
    assert os.environ["TANDEM_BASE_URL"] == "http://127.0.0.1:9000"


def test_an_explicit_base_url_is_kept(monkeypatch):
    monkeypatch.setenv("TANDEM_BASE_URL", "https://mentoring.example.com")
    default_base_url("127.0.0.1", 9000)
    assert os.environ["TANDEM_BASE_URL"] == "https://mentoring.example.com"
