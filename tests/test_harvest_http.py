"""The harvest's HTTP layer against a fixture server on 127.0.0.1: timeouts, retries, size, redirects, addresses."""

from __future__ import annotations

import datetime
import logging
import time
import traceback

import pytest

from generator.harvest.http import Client, HarvestHTTPError, Limits
from tests.harvest_server import refuse_other_hosts, serving

KEY = "s3cr3t-K3Y+/="
FAST = Limits(connect_timeout=2, read_timeout=2, deadline=10, retries=3, backoff=0.01, retry_after_max=1)


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch):
    refuse_other_hosts(monkeypatch)


def client(**limits) -> Client:
    return Client(Limits(**{**FAST.__dict__, **limits}), secrets=[KEY], loopback_for_tests=True)


@pytest.fixture
def server():
    with serving() as running:
        yield running


def test_a_plain_answer_is_read_in_full(server):
    server.routes["/ok"] = lambda h: h.answer(200, b'{"a": 1}')
    answer = client().get(server.base + "/ok", params={"page": 2})
    assert (answer.status, answer.body, answer.content_type) == (200, b'{"a": 1}', "application/json")
    assert server.seen == ["/ok?page=2"]


def test_5xx_and_429_are_retried_with_backoff_then_answered(server):
    def flaky(h):
        if server.hits["/flaky"] < 3:
            h.answer(503 if server.hits["/flaky"] == 1 else 429, b"busy", "text/plain", {"Retry-After": "1"})
        else:
            h.answer(200, b"[]")

    server.routes["/flaky"] = flaky
    start = time.monotonic()
    assert client().get(server.base + "/flaky").body == b"[]"
    assert server.hits["/flaky"] == 3
    assert time.monotonic() - start >= 0.9  # Retry-After: 1 was honoured


def test_retry_after_beyond_the_bound_waits_only_the_bound(server):
    def slow_down(h):
        if server.hits["/later"] == 1:
            h.answer(429, b"", "text/plain", {"Retry-After": "3600"})
        else:
            h.answer(200, b"{}")

    server.routes["/later"] = slow_down
    start = time.monotonic()
    assert client(retry_after_max=1).get(server.base + "/later").body == b"{}"
    assert time.monotonic() - start < 5


def test_a_server_that_keeps_failing_is_a_clean_error_after_the_retries(server):
    server.routes["/down"] = lambda h: h.answer(500, b"oops", "text/plain")
    with pytest.raises(HarvestHTTPError, match="HTTP 500"):
        client(retries=2).get(server.base + "/down")
    assert server.hits["/down"] == 3  # the first try and two retries


def test_a_total_deadline_stops_the_retries(server):
    server.routes["/down"] = lambda h: h.answer(503, b"", "text/plain", {"Retry-After": "1"})
    start = time.monotonic()
    with pytest.raises(HarvestHTTPError):
        client(retries=50, deadline=1.5).get(server.base + "/down")
    assert time.monotonic() - start < 5


def test_a_read_timeout_is_a_clean_error(server):
    server.routes["/slow"] = lambda h: (time.sleep(1.5), h.answer(200, b"late"))
    with pytest.raises(HarvestHTTPError, match="failed"):
        client(read_timeout=0.3, retries=0).get(server.base + "/slow")


def test_an_answer_over_the_size_limit_is_refused(server):
    server.routes["/big"] = lambda h: h.answer(200, b"x" * 5000)
    with pytest.raises(HarvestHTTPError, match="limit of 1000"):
        client(max_bytes=1000).get(server.base + "/big")


def test_redirects_are_followed_on_the_same_host_only(server):
    server.routes["/moved"] = lambda h: h.answer(302, b"", "text/plain", {"Location": "/ok"})
    server.routes["/ok"] = lambda h: h.answer(200, b"here")
    server.routes["/away"] = lambda h: h.answer(302, b"", "text/plain", {"Location": "https://example.org/x"})
    server.routes["/file"] = lambda h: h.answer(302, b"", "text/plain", {"Location": "file:///etc/passwd"})
    assert client().get(server.base + "/moved").body == b"here"
    with pytest.raises(HarvestHTTPError, match="another host"):
        client().get(server.base + "/away")
    with pytest.raises(HarvestHTTPError, match="another host|not https"):
        client().get(server.base + "/file")
    assert "/x" not in server.seen


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "http://198.51.100.7/feed",  # plain http to a public address
        "https://10.1.2.3/feed",
        "https://192.168.0.1/feed",
        "https://169.254.169.254/latest/meta-data",
        "https://127.0.0.1/feed",
        "https://[::1]/feed",
        "https://localhost/feed",
        "https://0.0.0.0/feed",
    ],
)
def test_file_plain_http_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(HarvestHTTPError, match="only https|private or local"):
        Client(FAST).get(url)


def test_the_test_client_reaches_nothing_but_127_0_0_1():
    with pytest.raises(HarvestHTTPError, match="127.0.0.1 only"):
        client().get("http://example.org/")


def test_the_key_is_in_no_message_log_or_exception(server, caplog):
    server.routes["/feed"] = lambda h: h.answer(500, b"", "text/plain")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(HarvestHTTPError) as caught:
        client(retries=1).get(server.base + "/feed", params={"crtfcKey": KEY})
    assert any("crtfcKey" in s for s in server.seen)  # the key was sent ...
    shown = [str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value)), caplog.text]
    assert "***" in str(caught.value)
    for text in shown:  # ... and is in nothing a person or a log sees
        assert KEY not in text and "s3cr3t" not in text


def test_a_connection_refused_error_hides_the_key_too():
    with pytest.raises(HarvestHTTPError) as caught:
        client(retries=0).get("http://127.0.0.1:9/feed", params={"serviceKey": KEY})
    assert "s3cr3t" not in "".join(traceback.format_exception(caught.value))


def test_bizinfo_pages_through_the_feed_and_a_failed_page_fails_the_source(server, monkeypatch, tmp_path):
    import json

    from generator.harvest import bizinfo, run
    from tests.project_copy import copy_project

    def page(h):
        index = int(h.path.split("pageIndex=")[1].split("&")[0])
        items = [
            {"pblancId": f"PBLN_{index}{n}", "pblancNm": "t", "reqstBeginEndDe": "상시", "totCnt": 3} for n in (0, 1)
        ]
        h.answer(200, json.dumps({"jsonArray": items[: 3 - 2 * (index - 1)]}).encode())

    server.routes["/api"] = page
    settings = {"endpoint": server.base + "/api", "page_size": 2}
    pages = list(bizinfo.fetch(client(), settings, KEY))
    assert len(pages) == 2 and server.hits["/api"] == 2
    assert [s.split("pageIndex=")[1][:1] for s in server.seen] == ["1", "2"] and "crtfcKey=" in server.seen[0]

    project = copy_project(tmp_path / "p")
    config = run.load_config(project.config_dir)
    config["sources"]["bizinfo"] |= {"endpoint": server.base + "/gone", "page_size": 2}
    monkeypatch.setattr(run, "load_config", lambda *a: config)
    server.routes["/gone"] = lambda h: h.answer(503, b"", "text/plain")
    options = run.Options(datetime.date(2026, 12, 7), loopback_for_tests=True, limits=FAST)
    [result] = run.harvest(project, ["bizinfo"], options, env={"BIZINFO_API_KEY": KEY})
    assert not result.complete and "HTTP 503" in result.problem
    state = (project.root / "calls" / "bizinfo" / "_harvest.yaml").read_text("utf-8")
    assert "s3cr3t" not in state and "s3cr3t" not in result.problem
