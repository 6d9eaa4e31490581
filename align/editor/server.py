"""`align review`'s local web server: Starlette routes over `Session`s, behind a guard.

The guard, on every request (the editor serves and writes files on the user's disk):
- the Host header must name the address and port the server listens on, or
  the loopback address (a page from elsewhere that rebinds its DNS name to
  127.0.0.1 sends its own name and is refused);
- the random token of the printed URL must come with the request, in the URL
  (the first page: it is then set as a cookie and dropped from the address
  bar) or in the cookie; without it, 403;
- a request that changes something must also carry the token in the
  `X-Align-Token` header, which a page from another origin cannot set (CSRF),
  and an Origin header, where the browser sends one, of this server.
Only the tables found when the server started can be read or written, through
their set names; the page's files come from the package. Every response forbids
inline scripts (Content-Security-Policy) and the page sets every text as text.
"""

from __future__ import annotations

import html
import ipaddress
import json
import logging
import os
import secrets
import socket
import threading
from importlib import resources

from ..errors import AlignError
from .locate import find_tables
from .model import EditorError
from .session import ConflictError, Session

log = logging.getLogger("align")

TOKEN_HEADER = "x-align-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}


class SetRegistry:
    """The sets this server may touch, by name; each table is opened once, when first asked for."""

    def __init__(self, tables: dict[str, str]):
        self.tables = tables
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def session(self, name: str) -> Session:
        if name not in self.tables:
            raise KeyError(name)
        with self._lock:
            if name not in self._sessions:
                self._sessions[name] = Session(self.tables[name])
            return self._sessions[name]

    def listing(self) -> list[dict]:
        return [{"name": name, "table": os.path.basename(path)} for name, path in self.tables.items()]


def create_app(registry: SetRegistry, token: str, allowed_hosts: set[str], cookie_name: str):
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    static = resources.files("align.editor") / "static"
    page = (static / "index.html").read_text(encoding="utf-8")

    def render_page(set_name: str) -> Response:
        body = page.replace('name="align-token" content=""', f'name="align-token" content="{html.escape(token)}"')
        body = body.replace('name="align-set" content=""', f'name="align-set" content="{html.escape(set_name)}"')
        return HTMLResponse(body)

    async def index(request):
        names = list(registry.tables)
        return render_page(names[0] if len(names) == 1 else "")

    async def set_page(request):
        name = request.path_params["name"]
        if name not in registry.tables:
            return JSONResponse({"message": f"no set {name!r} here"}, status_code=404)
        return render_page(name)

    async def list_sets(request):
        return JSONResponse({"sets": registry.listing()})

    def with_session(work):
        """An API endpoint on one set; the session's errors as JSON the page shows."""

        def endpoint(request, body: dict):
            try:
                session = registry.session(request.path_params["name"])
            except KeyError:
                return JSONResponse({"message": "no such set"}, status_code=404)
            except (AlignError, OSError) as exc:
                return JSONResponse({"message": str(exc)}, status_code=422)
            try:
                result = work(session, body)
                return Response(result, media_type="application/json") if isinstance(result, str) else JSONResponse(result)
            except ConflictError as exc:
                return JSONResponse({"message": str(exc), "conflict": True}, status_code=409)
            except EditorError as exc:
                return JSONResponse({"message": str(exc)}, status_code=400)
            except AlignError as exc:
                return JSONResponse({"message": str(exc)}, status_code=422)
            except OSError as exc:  # the table was removed or made unreadable while open
                return JSONResponse({"message": f"{session.path}: {exc.strerror or exc}"}, status_code=422)

        async def handler(request):
            body: dict = {}
            if request.method == "POST":
                try:
                    body = json.loads(await request.body() or b"{}")
                except ValueError:
                    return JSONResponse({"message": "the request is not JSON"}, status_code=400)
                if not isinstance(body, dict):
                    return JSONResponse({"message": "the request is not a JSON object"}, status_code=400)
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(endpoint, request, body)

        return handler

    routes = [
        Route("/", index),
        Route("/set/{name:path}", set_page),
        Route("/api/sets", list_sets),
        Route("/api/sets/{name:path}/action", with_session(lambda s, b: s.act(b.get("version"), b.get("action") or {})), methods=["POST"]),
        Route("/api/sets/{name:path}/undo", with_session(lambda s, b: s.undo(b.get("version"))), methods=["POST"]),
        Route("/api/sets/{name:path}/redo", with_session(lambda s, b: s.redo(b.get("version"))), methods=["POST"]),
        Route("/api/sets/{name:path}/tmx", with_session(lambda s, b: s.write_tmx(b.get("version"))), methods=["POST"]),
        Route("/api/sets/{name:path}", with_session(lambda s, b: s.state_json())),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(routes=routes)
    return Guard(app, token, allowed_hosts, cookie_name)


class Guard:
    """ASGI middleware: the Host, token and CSRF checks of the module docstring."""

    def __init__(self, app, token: str, allowed_hosts: set[str], cookie_name: str):
        self.app = app
        self.token = token
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.cookie_name = cookie_name

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from starlette.datastructures import URL
        from starlette.requests import Request
        from starlette.responses import PlainTextResponse, RedirectResponse

        request = Request(scope)
        refusal = self._refusal(request)
        if refusal:
            response = PlainTextResponse(f"Forbidden: {refusal}\n", status_code=403)
        elif request.method == "GET" and _same(request.query_params.get("token", ""), self.token):
            # The token leaves the address bar (and the history) for a cookie of this port only.
            url = URL(scope=scope).remove_query_params("token")
            response = RedirectResponse(str(url.path) + (f"?{url.query}" if url.query else ""), status_code=303)
            response.set_cookie(self.cookie_name, self.token, httponly=True, samesite="strict", path="/")
        else:
            return await self.app(scope, receive, _secured(send))
        await response(scope, receive, _secured(send))

    def _refusal(self, request) -> str:
        host = request.headers.get("host", "").lower()
        if host not in self.allowed_hosts:
            return "this server answers only to its own address"
        offered = request.query_params.get("token") or request.cookies.get(self.cookie_name, "")
        if not _same(offered, self.token):
            return "open the URL that `align review` printed (it holds the token)"
        if request.method not in ("GET", "HEAD"):
            if not _same(request.headers.get(TOKEN_HEADER, ""), self.token):
                return "a change needs the X-Align-Token header"
            origin = request.headers.get("origin")
            if origin is not None and origin.lower().removeprefix("http://") not in self.allowed_hosts:
                return "a change from another origin"
        return ""


def _same(offered: str, token: str) -> bool:
    return secrets.compare_digest(offered.encode("utf-8", "replace"), token.encode())


def _secured(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
            headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


# --- starting the server ------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class ReviewServer:
    """Binds first (so the printed URL works at once), then serves until stopped."""

    def __init__(self, path: str, host: str = "127.0.0.1", port: int = 0, allow_remote: bool = False):
        if not is_loopback(host) and not allow_remote:
            raise AlignError(f"--host {host} lets other machines reach the editor; add --allow-remote if that is meant")
        self.tables = find_tables(path)
        self.registry = SetRegistry(self.tables)
        if len(self.tables) == 1:
            self.registry.session(next(iter(self.tables)))  # a bad table fails here, before any URL
        self.host = host
        self.is_loopback = is_loopback(host)
        self.socket = _bind(host, port)
        self.port = self.socket.getsockname()[1]
        self.token = secrets.token_urlsafe(24)
        self.url = f"http://{url_host(host if host != '0.0.0.0' else '127.0.0.1')}:{self.port}/?token={self.token}"
        self.cookie_name = f"align_review_{self.port}"
        app = create_app(self.registry, self.token, _allowed_hosts(host, self.port), self.cookie_name)
        import uvicorn

        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def serve(self) -> None:
        """Until Ctrl+C (or `stop`)."""
        self.server.run(sockets=[self.socket])

    def start(self) -> ReviewServer:
        """In a background thread (tests, benchmarks); returns once it answers."""
        self._thread = threading.Thread(target=self.serve, daemon=True)
        self._thread.start()
        while not self.server.started:
            if not self._thread.is_alive():
                raise AlignError("the review server stopped while starting")
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread:
            self._thread.join(timeout=10)
        self.socket.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise AlignError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    sock.set_inheritable(True)
    return sock


def _allowed_hosts(host: str, port: int) -> set[str]:
    names = {f"{url_host(name)}:{port}" for name in LOOPBACK_NAMES}
    names.add(f"{url_host(host)}:{port}")
    if host in ("0.0.0.0", "::"):
        try:
            hostname, aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
            names |= {f"{name}:{port}" for name in [hostname, *aliases, *addresses]}
        except OSError:
            pass
    return names
