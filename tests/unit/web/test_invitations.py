"""Invitations: the mediator makes single-use, expiring links; a signed-in user accepts one
and becomes a member as it says; someone without an account signs up on its page. Used,
expired and unknown links are refused with the reason (errors.InvitationError: 404 for an
unknown link, 410 Gone for a used or expired one)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from accord.store import Store
from accord.web import Settings
from unit.web.world import BOTH, PASSWORD, World, error_shape, leaks, open_world


def invite(world: World, role: str = "party", party: str | None = "b", **extra: Any) -> Any:
    body = {"role": role, "party": party, **extra}
    return world.call("mediator", "POST", f"/api/negotiations/{world.main}/invitations", json=body)


def newcomer(world: World, name: str) -> str:
    """A new account's bearer token."""
    user = world.store.create_user(name, PASSWORD)
    return world.store.create_token(user.id, "api", timedelta(hours=1))[0]


def accept(world: World, token: str, bearer: str) -> Any:
    return world.call(
        "anonymous", "POST", f"/api/invitations/{token}/accept", headers={"Authorization": f"Bearer {bearer}"}
    )


@BOTH
def test_an_invitation_makes_a_party_member(world: World) -> None:
    made = invite(world)
    assert made.status_code == 201
    body = made.json()
    assert body["url"] == f"http://127.0.0.1/invite/{body['token']}"
    assert len(body["token"]) >= 32
    joiner = newcomer(world, "b-deputy")
    joined = accept(world, body["token"], joiner)
    assert joined.status_code == 200
    assert joined.json() == {"negotiation": world.main, "role": "party", "party": "b"}
    auth = {"Authorization": f"Bearer {joiner}"}
    mine = world.call("anonymous", "GET", f"/api/negotiations/{world.main}/preferences/b", headers=auth)
    assert mine.status_code == 200
    assert "0.163827" in mine.text  # b's reservation
    theirs = world.call("anonymous", "GET", f"/api/negotiations/{world.main}/preferences/a", headers=auth)
    assert theirs.status_code == 403
    assert not leaks(theirs.text, {"a", "c"}, world.private)
    actions = [e["action"] for e in world.call("mediator", "GET", f"/api/negotiations/{world.main}/audit").json()]
    assert actions[-3:] == ["invitation.create", "member.add", "invitation.accept"]


@BOTH
def test_an_invitation_admits_one_person(world: World) -> None:
    token = invite(world).json()["token"]
    assert accept(world, token, newcomer(world, "first-comer")).status_code == 200
    second = accept(world, token, newcomer(world, "second-comer"))
    assert second.status_code == 410
    error_shape(second.json())
    assert second.json()["error"]["code"] == "invitation_used"
    assert second.json()["error"]["details"] == {"reason": "used"}
    page = world.call("anonymous", "GET", f"/invite/{token}")
    assert page.status_code == 410
    assert "410: invitation used" in page.text


@BOTH
def test_a_member_already_leaves_the_invitation_unused(world: World) -> None:
    token = invite(world).json()["token"]
    again = world.call("a", "POST", f"/api/invitations/{token}/accept")
    assert again.status_code == 409
    error_shape(again.json())
    assert accept(world, token, newcomer(world, "late-comer")).status_code == 200


@BOTH
def test_an_expired_invitation_is_gone(world: World) -> None:
    token = invite(world, hours=0.0001).json()["token"]  # 0.36 s
    time.sleep(0.5)
    answer = accept(world, token, newcomer(world, "too-late"))
    assert answer.status_code == 410
    assert answer.json()["error"]["code"] == "invitation_expired"
    assert answer.json()["error"]["details"] == {"reason": "expired"}


def test_the_page_makes_invitations_with_the_settings_lifetime(store: Store, tmp_path: Path) -> None:
    settings = Settings(secure_cookies=False, invitation_ttl=timedelta(seconds=-1))
    with open_world(store, tmp_path, settings) as world:
        data = {"role": "party", "party": "b", "csrf_token": world.csrf("mediator")}
        page = world.call("mediator", "POST", f"/n/{world.main}/invitations", via="cookie", data=data)
        assert page.status_code == 200
        assert "Invitation for b's delegation" in page.text
        link = re.search(r'id="invitation-link" href="http://127\.0\.0\.1/invite/([^"]+)"', page.text)
        assert link is not None
        gone = world.call("anonymous", "GET", f"/invite/{link.group(1)}")
        assert gone.status_code == 410
        assert "410: invitation expired" in gone.text
        assert world.call("outsider", "POST", f"/api/invitations/{link.group(1)}/accept").status_code == 410


def test_an_unknown_invitation_is_not_found(world: World) -> None:
    """errors.InvitationError: an unknown link is 404 (code invitation_unknown)."""
    answer = world.call("outsider", "POST", "/api/invitations/no-such-token/accept")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "invitation_unknown"
    assert world.call("anonymous", "GET", "/invite/no-such-token").status_code == 404
    assert world.call("anonymous", "POST", "/api/invitations/no-such-token/accept").status_code == 401


def signup_form(world: World, token: str) -> str:
    page = world.call("anonymous", "GET", f"/invite/{token}")
    assert page.status_code == 200
    assert "<h1>Invitation</h1>" in page.text
    assert "Create your account" in page.text
    assert "for <strong>b</strong>" in page.text
    field = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert field is not None
    return field.group(1)


@BOTH
def test_signing_up_through_an_invitation(world: World) -> None:
    token = invite(world).json()["token"]
    form = signup_form(world, token)
    data = {"name": "b-envoy", "password": PASSWORD, "form_token": form}
    joined = world.call("anonymous", "POST", f"/invite/{token}", data=data, cookies={"accord_form": form})
    assert joined.status_code == 303
    assert joined.headers["location"] == f"/n/{world.main}"
    session = joined.headers["set-cookie"].split("accord_session=", 1)[1].split(";", 1)[0]
    page = world.call("anonymous", "GET", f"/n/{world.main}", cookies={"accord_session": session})
    assert page.status_code == 200
    assert "b-envoy" in page.text
    mine = world.call("anonymous", "GET", f"/n/{world.main}/preferences/b", cookies={"accord_session": session})
    assert mine.status_code == 200
    assert "My preferences" in mine.text
    assert "0.163827" in mine.text
    assert not leaks(page.text + mine.text, {"a", "c"}, world.private)


def test_signing_up_needs_the_form_token_and_a_live_invitation(world: World) -> None:
    token = invite(world).json()["token"]
    data = {"name": "sneaky", "password": PASSWORD}
    assert world.call("anonymous", "POST", f"/invite/{token}", data=data).status_code == 403
    assert world.store.user("sneaky") is None
    accept(world, token, newcomer(world, "quick"))
    form = signup_form(world, invite(world).json()["token"])  # a live link, for a form token
    late = world.call(
        "anonymous", "POST", f"/invite/{token}", data={**data, "form_token": form}, cookies={"accord_form": form}
    )
    assert late.status_code == 410
    assert world.store.user("sneaky") is None  # no account for a used link


def test_a_refused_password_leaves_the_invitation_usable(world: World) -> None:
    token = invite(world).json()["token"]
    form = signup_form(world, token)
    data = {"name": "shorty", "password": "short", "form_token": form}
    refused = world.call("anonymous", "POST", f"/invite/{token}", data=data, cookies={"accord_form": form})
    assert refused.status_code == 400
    assert world.store.user("shorty") is None
    assert accept(world, token, newcomer(world, "patient")).status_code == 200


def test_a_signed_in_user_joins_on_the_page(world: World) -> None:
    token = invite(world, role="observer", party=None).json()["token"]
    page = world.call("outsider", "GET", f"/invite/{token}", via="cookie")
    assert "Join as user-outsider" in page.text
    joined = world.call(
        "outsider", "POST", f"/invite/{token}", via="cookie", data={"csrf_token": world.csrf("outsider")}
    )
    assert joined.status_code == 303
    assert world.call("outsider", "GET", f"/api/negotiations/{world.main}").json()["you"]["role"] == "observer"


def test_accepting_with_the_cookie_needs_the_csrf_header(world: World) -> None:
    token = invite(world, role="observer", party=None).json()["token"]
    url = f"/api/invitations/{token}/accept"
    assert world.call("outsider", "POST", url, via="cookie", headers={"X-CSRF-Token": "x"}).status_code == 403
    assert world.call("outsider", "POST", url, via="cookie").status_code == 200


def test_only_the_mediator_invites(world: World) -> None:
    for role in ("a", "b", "observer"):
        answer = world.call(role, "POST", f"/api/negotiations/{world.main}/invitations", json={"role": "observer"})
        assert answer.status_code == 403, role
        assert "only the mediator may invite members" in answer.json()["error"]["message"]
        data = {"role": "observer", "csrf_token": world.csrf(role)}
        assert world.call(role, "POST", f"/n/{world.main}/invitations", via="cookie", data=data).status_code == 403
    outside = world.call("outsider", "POST", f"/api/negotiations/{world.main}/invitations", json={})
    assert outside.status_code == 404  # membership before the body's checks


def test_invitations_that_do_not_fit_are_refused(world: World) -> None:
    for body in ({"role": "party"}, {"role": "observer", "party": "b"}, {"role": "party", "party": "nobody"}):
        answer = world.call("mediator", "POST", f"/api/negotiations/{world.main}/invitations", json=body)
        assert 400 <= answer.status_code < 500, body
        error_shape(answer.json())
    for body in ({"role": "king"}, {"role": "observer", "hours": 0}, {"role": "observer", "hours": 10**6}):
        answer = world.call("mediator", "POST", f"/api/negotiations/{world.main}/invitations", json=body)
        assert answer.status_code == 422, body
        error_shape(answer.json())
    data = {"role": "king", "csrf_token": world.csrf("mediator")}
    assert world.call("mediator", "POST", f"/n/{world.main}/invitations", via="cookie", data=data).status_code == 422
