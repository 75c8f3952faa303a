"""The LanguageTool adapter against a local stand-in for LanguageTool's HTTP API."""

from __future__ import annotations

import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wa_core.checkers.base import CheckerUnavailable, create
from wa_core.checkers.languagetool import code_points_after
from wa_core.config import Config, LanguageToolSettings
from wa_core.document import ProseDocument, Severity, Span, Suggestion

# The stand-in flags these words, as LanguageTool does: offsets in UTF-16 code units.
MISTAKES = {
    "Thsi": ("MORFOLOGIK_RULE_EN_US", "misspelling", "This"),
    "an 🎉 party": ("EN_A_VS_AN", "grammar", "a 🎉 party"),
    "very unique": ("VERY_UNIQUE", "style", "unique"),
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeLanguageTool(BaseHTTPRequestHandler):
    requests: list[dict[str, list[str]]]

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _reply(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        assert self.path.startswith("/v2/languages")
        self._reply([{"name": "English (US)", "code": "en", "longCode": "en-US"}])

    def do_POST(self) -> None:
        assert self.path == "/v2/check"
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.requests.append(form)
        text = form["text"][0]
        disabled = set(form.get("disabledRules", [""])[0].split(","))
        matches = []
        for wrong, (rule, issue, fix) in MISTAKES.items():
            at = text.find(wrong)
            if at < 0 or rule in disabled:
                continue
            matches.append(
                {
                    "message": f"Did you mean {fix!r}?",
                    "shortMessage": "",
                    "replacements": [{"value": fix}],
                    "offset": utf16_len(text[:at]),
                    "length": utf16_len(wrong),
                    "context": {"text": text, "offset": utf16_len(text[:at]), "length": utf16_len(wrong)},
                    "sentence": text,
                    "rule": {
                        "id": rule,
                        "description": rule,
                        "issueType": issue,
                        "category": {"id": "TYPOS", "name": "Typos"},
                    },
                }
            )
        self._reply({"software": {"name": "LanguageTool"}, "language": {"code": "en-US"}, "matches": matches})


@pytest.fixture
def server() -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    requests: list[dict[str, list[str]]] = []
    handler = type("Handler", (FakeLanguageTool,), {"requests": requests})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def config_for(url: str, **settings: object) -> Config:
    return Config(checkers=("languagetool",), languagetool=LanguageToolSettings(url=url, **settings))  # type: ignore[arg-type]


def test_findings_are_in_code_points_after_an_emoji(server: tuple[str, list]) -> None:
    url, _ = server
    text = "Party 🎉🎉 time. Thsi is it."
    checker = create("languagetool", config_for(url))

    [finding] = checker.check(ProseDocument.plain(text))

    assert finding.span.of(text) == "Thsi"
    assert finding.span == Span(15, 19)  # the two emoji are two code points, four UTF-16 units
    assert finding.rule == "languagetool/MORFOLOGIK_RULE_EN_US"
    assert finding.source == "languagetool"
    assert finding.severity is Severity.WARNING
    assert finding.suggestions == (Suggestion.replace("This"),)


def test_an_emoji_inside_the_error_counts_once() -> None:
    assert code_points_after("an 🎉 party", 0, utf16_len("an 🎉 party")) == len("an 🎉 party")


def test_an_error_spanning_an_emoji_keeps_its_extent(server: tuple[str, list]) -> None:
    url, _ = server
    text = "🎉 It was an 🎉 party."
    [finding] = create("languagetool", config_for(url)).check(ProseDocument.plain(text))
    assert finding.span.of(text) == "an 🎉 party"


def test_style_advice_is_info(server: tuple[str, list]) -> None:
    url, _ = server
    [finding] = create("languagetool", config_for(url)).check(ProseDocument.plain("A very unique idea."))
    assert finding.severity is Severity.INFO


def test_disabled_rules_are_sent_to_the_server(server: tuple[str, list]) -> None:
    url, requests = server
    checker = create("languagetool", config_for(url, disabled_rules=("MORFOLOGIK_RULE_EN_US",)))
    assert checker.check(ProseDocument.plain("Thsi is it.")) == []
    assert requests[-1]["disabledRules"] == ["MORFOLOGIK_RULE_EN_US"]


def test_empty_prose_sends_nothing(server: tuple[str, list]) -> None:
    url, requests = server
    assert create("languagetool", config_for(url)).check(ProseDocument.plain("")) == []
    assert requests == []


def test_no_url_and_no_local_install_is_unavailable_and_downloads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "language_tool_python"
    monkeypatch.setenv("LTP_PATH", str(cache))
    with pytest.raises(CheckerUnavailable, match=r"languagetool\] url"):
        create("languagetool", config_for(""))
    assert not cache.exists()


def test_an_unreachable_server_is_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(CheckerUnavailable, match=f"127.0.0.1:{port}"):
        create("languagetool", config_for(f"http://127.0.0.1:{port}"))
