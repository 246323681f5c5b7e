"""Signing in and out: the session cookie's flags, the CSRF tokens (the session's for forms
and the API, the double-submit token of the login form), bearer tokens, expiry, and the
login rate limit per account name and per client address."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.store import Store
from accord.web import Settings
from unit.web.world import BASE, BOTH, PASSWORD, World, error_shape, open_world


def set_cookies(answer: Any) -> dict[str, str]:
    """Each cookie the answer sets: its name and the whole Set-Cookie header."""
    headers = answer.headers.get_list("set-cookie")
    return {h.split("=", 1)[0]: h for h in headers}


def value(header: str) -> str:
    return header.split(";", 1)[0].split("=", 1)[1].strip('"')


def login_form(world: World, client: TestClient | None = None) -> str:
    """The login page's double-submit token (its hidden field equals its cookie)."""
    answer = (client or world.client).get("/")
    assert answer.status_code == 200
    assert "<h1>Sign in</h1>" in answer.text
    cookie = value(set_cookies(answer)["accord_form"])
    field = re.search(r'name="form_token" value="([^"]+)"', answer.text)
    assert field is not None
    assert field.group(1) == cookie
    return cookie


def page_login(world: World, name: str, password: str = PASSWORD, **extra: str) -> Any:
    token = login_form(world)
    data = {"name": name, "password": password, "form_token": token, **extra}
    return world.call("anonymous", "POST", "/login", data=data, cookies={"accord_form": token})


def test_login_sets_an_httponly_lax_session(world: World) -> None:
    answer = page_login(world, "user-a", next="/n/1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/n/1"
    cookie = set_cookies(answer)["accord_session"]
    flags = [f.strip().lower() for f in cookie.split(";")]
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "path=/" in flags
    assert "secure" not in flags
    assert f"max-age={12 * 3600}" in flags
    me = world.call("anonymous", "GET", "/api/me", cookies={"accord_session": value(cookie)})
    assert me.json()["name"] == "user-a"


def test_secure_cookies_when_set(store: Store, tmp_path: Path) -> None:
    with open_world(store, tmp_path, Settings(secure_cookies=True)) as world:
        answer = page_login(world, "user-b")
        flags = [f.strip().lower() for f in set_cookies(answer)["accord_session"].split(";")]
        assert "secure" in flags
        assert "httponly" in flags
        assert "secure" in set_cookies(world.client.get("/"))["accord_form"].lower()


@pytest.mark.parametrize("next_", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(world: World, next_: str) -> None:
    answer = page_login(world, "user-a", next=next_)
    assert answer.headers["location"] == "/"


def test_login_needs_its_form_token(world: World) -> None:
    data = {"name": "user-a", "password": PASSWORD}
    missing = world.call("anonymous", "POST", "/login", data=data)
    assert missing.status_code == 403
    assert "403: csrf" in missing.text
    assert "accord_session" not in set_cookies(missing)
    wrong = world.call("anonymous", "POST", "/login", data={**data, "form_token": "x"}, cookies={"accord_form": "y"})
    assert wrong.status_code == 403
    no_cookie = world.call("anonymous", "POST", "/login", data={**data, "form_token": "x"})
    assert no_cookie.status_code == 403


def test_a_wrong_password_shows_the_form_again(world: World) -> None:
    answer = page_login(world, "user-a", "not the password at all")
    assert answer.status_code == 401
    assert "Wrong name or password." in answer.text
    assert "accord_session" not in set_cookies(answer)


def test_page_forms_need_the_session_csrf_token(world: World) -> None:
    url = f"/n/{world.main}/preferences/a/share"
    fields = {"with_party": "", "on": "1"}
    for token in (None, "", "forged", world.csrf("b")):
        data = fields if token is None else {**fields, "csrf_token": token}
        answer = world.call("a", "POST", url, via="cookie", data=data)
        assert answer.status_code == 403, token
        assert "403: csrf" in answer.text
    assert world.store.shares(world.main) == ()
    done = world.call("a", "POST", url, via="cookie", data={**fields, "csrf_token": world.csrf("a")})
    assert done.status_code == 303
    assert len(world.store.shares(world.main)) == 1


def test_api_changes_with_the_cookie_need_the_csrf_header(world: World) -> None:
    url = f"/api/negotiations/{world.main}/comments"
    for header in ({"X-CSRF-Token": ""}, {"X-CSRF-Token": "forged"}, {"X-CSRF-Token": world.csrf("b")}):
        answer = world.call("a", "POST", url, via="cookie", json={"body": "hi"}, headers=header)
        assert answer.status_code == 403, header
        error_shape(answer.json())
        assert answer.json()["error"]["code"] == "csrf"
    raw = world.sessions["a"][0]
    bare = world.call("anonymous", "POST", url, json={"body": "hi"}, cookies={"accord_session": raw})
    assert bare.status_code == 403
    assert world.call("a", "GET", url, via="cookie", headers={"X-CSRF-Token": ""}).json() == []
    assert world.call("a", "POST", url, via="cookie", json={"body": "hi"}).status_code == 201
    assert world.call("a", "POST", url, json={"body": "by token"}).status_code == 201  # bearer: no CSRF
    assert [c["body"] for c in world.call("a", "GET", url).json()] == ["hi", "by token"]


def test_tokens_of_one_kind_do_not_open_the_other(world: World) -> None:
    session, api = world.sessions["a"][0], world.bearer["a"]
    assert world.call("anonymous", "GET", "/api/me", headers={"Authorization": f"Bearer {session}"}).status_code == 401
    assert world.call("anonymous", "GET", "/api/me", cookies={"accord_session": api}).status_code == 401
    for header in ("Bearer", "Bearer ", "Basic dXNlcjpwdw==", f"Token {api}"):
        answer = world.call("anonymous", "GET", "/api/me", headers={"Authorization": header})
        assert answer.status_code == 401, header
        assert answer.json()["error"]["code"] == "unauthenticated"


@BOTH
def test_page_logout_revokes_the_session(world: World) -> None:
    raw = world.sessions["a"][0]
    answer = world.call("a", "POST", "/logout", via="cookie", data={"csrf_token": world.csrf("a")})
    assert answer.status_code == 303
    assert "max-age=0" in set_cookies(answer)["accord_session"].lower()
    assert world.call("anonymous", "GET", "/api/me", cookies={"accord_session": raw}).status_code == 401
    page = world.call("anonymous", "GET", f"/n/{world.main}", cookies={"accord_session": raw})
    assert page.status_code == 401
    assert "<h1>Sign in</h1>" in page.text


@BOTH
def test_api_logout_revokes_the_bearer_token(world: World) -> None:
    assert world.call("a", "POST", "/api/logout").status_code == 204
    assert world.call("a", "GET", "/api/me").status_code == 401
    assert world.call("b", "GET", "/api/me").status_code == 200


def test_api_logout_with_the_cookie_revokes_the_session(world: World) -> None:
    """POST /api/logout "revokes the token this request carries": a browser's session too."""
    assert world.call("a", "POST", "/api/logout", via="cookie").status_code == 204
    assert world.call("a", "GET", "/api/me", via="cookie").status_code == 401


def test_api_login_gives_a_bearer_token(world: World) -> None:
    answer = world.call("anonymous", "POST", "/api/login", json={"name": "user-b", "password": PASSWORD})
    assert answer.status_code == 200
    body = answer.json()
    assert body["user"]["name"] == "user-b"
    assert "accord_session" not in set_cookies(answer)
    me = world.call("anonymous", "GET", "/api/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["name"] == "user-b"


@BOTH
def test_an_expired_session_is_refused(store: Store, tmp_path: Path) -> None:
    with open_world(store, tmp_path, Settings(secure_cookies=False, session_ttl=timedelta(seconds=-1))) as world:
        answer = page_login(world, "user-a")
        assert answer.status_code == 303
        raw = value(set_cookies(answer)["accord_session"])
        assert world.call("anonymous", "GET", "/api/me", cookies={"accord_session": raw}).status_code == 401
        short = store.create_token(world.users["a"].id, "session", timedelta(seconds=1))[0]
        assert world.call("anonymous", "GET", "/api/me", cookies={"accord_session": short}).status_code == 200
        time.sleep(1.1)
        assert world.call("anonymous", "GET", "/api/me", cookies={"accord_session": short}).status_code == 401


def test_security_headers(world: World) -> None:
    for url in ("/", "/api/me", f"/n/{world.main}", "/nowhere"):
        headers = world.call("a", "GET", url, via="cookie").headers
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["x-frame-options"] == "DENY", url
        assert headers["cache-control"] == "no-store", url


# the login rate limit


def limited(store: Store, tmp_path: Path, **settings: Any) -> Any:
    return open_world(store, tmp_path, Settings(secure_cookies=False, login_attempts=3, **settings))


def api_login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    return client.post("/api/login", json={"name": name, "password": password})


@BOTH
def test_api_login_is_limited_per_name(store: Store, tmp_path: Path) -> None:
    with limited(store, tmp_path) as world:
        here = TestClient(world.client.app, base_url=BASE, client=("10.0.0.1", 1000))
        there = TestClient(world.client.app, base_url=BASE, client=("10.0.0.2", 1000))
        for _ in range(3):
            failed = api_login(here, "User-A ", "wrong password here")
            assert failed.status_code == 401
            assert failed.json()["error"]["code"] == "login_failed"
        for client in (here, there):  # the right password, from anywhere: still refused
            answer = api_login(client, "user-a")
            assert answer.status_code == 429
            error_shape(answer.json())
            wait = int(answer.headers["retry-after"])
            assert 0 < wait <= 15 * 60 + 1
            assert answer.json()["error"]["details"] == {"retry_after": wait}
        assert api_login(there, "user-b").status_code == 200


def test_api_login_is_limited_per_address(store: Store, tmp_path: Path) -> None:
    with limited(store, tmp_path) as world:
        here = TestClient(world.client.app, base_url=BASE, client=("10.0.0.1", 1000))
        there = TestClient(world.client.app, base_url=BASE, client=("10.0.0.2", 1000))
        for name in ("nobody-1", "nobody-2", "nobody-3"):
            assert api_login(here, name).status_code == 401
        assert api_login(here, "user-b").status_code == 429
        assert api_login(there, "user-b").status_code == 200


def test_page_login_is_limited(store: Store, tmp_path: Path) -> None:
    with limited(store, tmp_path) as world:
        for _ in range(3):
            assert page_login(world, "user-a", "wrong password here").status_code == 401
        answer = page_login(world, "user-a")
        assert answer.status_code == 429
        assert int(answer.headers["retry-after"]) > 0
        assert "too many failed logins" in answer.text
        assert "accord_session" not in set_cookies(answer)
        assert api_login(world.client, "user-a").status_code == 429


def test_the_limit_ends_with_its_window(store: Store, tmp_path: Path) -> None:
    with limited(store, tmp_path, login_window=timedelta(seconds=1)) as world:
        for _ in range(3):
            api_login(world.client, "user-a", "wrong password here")
        assert api_login(world.client, "user-a").status_code == 429
        time.sleep(1.1)
        assert api_login(world.client, "user-a").status_code == 200


def test_successful_logins_do_not_count(store: Store, tmp_path: Path) -> None:
    with limited(store, tmp_path) as world:
        for _ in range(5):
            assert api_login(world.client, "user-a").status_code == 200
