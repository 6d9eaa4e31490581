"""`align review` as a user starts it: the real command in a subprocess, and its guard (403s).

The printed URL is on 127.0.0.1 with a token; without the token, with a foreign
Host header (DNS rebinding) or, for a change, without the token header or from
another origin (CSRF), the server answers 403; only the opened set's files are
reachable.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from align.export import write_outputs

SET = "balancing-high-level-dialogue"


def align_command() -> str:
    """The `align` console script of this environment (`pip install -e .` puts it beside python)."""
    beside = Path(sys.executable).with_name("align")
    return str(beside) if beside.exists() else shutil.which("align") or pytest.fail("no `align` command installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(seed_alignment, tmp_path):
    """`align review OUTPUT/<set> --no-browser --port N` running; yields (url, port, table)."""
    folder = tmp_path / "output" / SET
    write_outputs(seed_alignment, str(folder / SET), ["csv", "jsonl"])
    port = free_port()
    process = subprocess.Popen(
        [align_command(), "review", str(folder), "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert lines and lines[0], process.stderr.read() if process.poll() is not None else "no URL printed"
    yield lines[0].strip(), port, folder / f"{SET}.csv"
    process.send_signal(signal.SIGINT)  # Ctrl+C
    assert process.wait(timeout=10) == 130
    assert process.stderr.read().strip() == "Interrupted; finished outputs are complete, nothing half-written was left."


def request(port: int, path: str, method: str = "GET", host: str | None = None, body: dict | None = None, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    payload = json.dumps(body).encode() if body is not None else None
    connection.request(method, path, body=payload, headers={"Host": host or f"127.0.0.1:{port}", **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_the_url_is_loopback_with_a_token_and_the_guard_answers_403(served):
    line, port, table = served
    match = re.search(rf"http://127\.0\.0\.1:{port}/\?token=([\w-]{{24,}})$", line)
    assert match, line
    token = match.group(1)
    api = f"/api/sets/{SET}"

    for path in ("/", api, "/static/editor.js", f"/?token=wrong{token}"):
        assert request(port, path).status == 403, path
    assert request(port, f"/?token={token}", host=f"rebound.example:{port}").status == 403
    assert request(port, f"/?token={token}", host="127.0.0.1:1").status == 403

    first = request(port, f"/?token={token}")
    assert first.status == 303 and first.getheader("location") == "/"
    cookie = first.getheader("set-cookie")
    assert f"align_review_{port}={token}" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    jar = {"Cookie": f"align_review_{port}={token}"}

    page = request(port, "/", **jar)
    assert page.status == 200 and f'content="{token}"'.encode() in page.body
    assert "script-src 'self'" in page.getheader("content-security-policy")
    assert request(port, "/", host=f"localhost:{port}", **jar).status == 200
    assert request(port, "/", host=f"attacker.example:{port}", **jar).status == 403
    state = request(port, api, **jar)
    assert state.status == 200 and len(json.loads(state.body)["beads"]) == 52
    version = json.loads(state.body)["version"]

    change = {"version": version, "action": {"type": "status", "bead": 3, "status": "ok"}}
    before = table.read_bytes()
    assert request(port, api + "/action", "POST", body=change, **jar).status == 403  # no token header: CSRF
    assert request(port, api + "/action", "POST", body=change, **{"X-Align-Token": "x" * len(token)}, **jar).status == 403
    assert request(port, api + "/action", "POST", body=change, **{"X-Align-Token": token, "Origin": "http://evil.example"}, **jar).status == 403
    assert table.read_bytes() == before
    done = request(port, api + "/action", "POST", body=change, **{"X-Align-Token": token, "Origin": f"http://127.0.0.1:{port}"}, **jar)
    assert done.status == 200 and json.loads(done.body)["label"] == "Confirmed bead 3"
    assert table.read_bytes() != before

    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e/session.py", "/api/sets/other", f"/api/sets/{SET}/../x"):
        assert request(port, path, **jar).status in (403, 404), path
