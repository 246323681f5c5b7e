"""The workbench in a real browser (Chromium through Playwright) against a real ``accord
serve`` on SQLite and on PostgreSQL: a mediator signs in, starts a negotiation from the
flagship scenario and invites two parties; each party joins through its link in its own
browser (its own cookies), edits its preferences with each draft's utility updating live,
saves them and records stances; the mediator sees the stances on the consensus map and
publishes the engine's first proposal as the new version; a party cannot read the other's
preferences.

Every page is watched: a console error, a script error or an htmx request that fails fails
the test. The session cookie must be HttpOnly, SameSite=Lax and Secure (Chromium takes a
Secure cookie from http://127.0.0.1, a secure context); every form control on the pages
visited must have a label; the draft page must fit a 1366x768 laptop screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from accord.store import open_store
from server import serving

ROOT = Path(__file__).parents[2]
UKRAINE = ROOT / "examples" / "ukraine-2025.yaml"
PASSWORD = "a long passphrase 1"
NAMES = {"ua": "Ukraine", "ru": "Russia"}
LAPTOP = {"width": 1366, "height": 768}
ANALYSIS_MS = 600_000
"""The flagship's analysis (frontier, proposals, robustness) takes 30-60 s on two quiet cores, minutes on busy ones."""

UNLABELLED = """els => els
  .filter(e => e.type !== 'hidden')
  .filter(e => ![...(e.labels || [])].some(l => l.textContent.trim())
               && !(e.getAttribute('aria-label') || '').trim()
               && !e.getAttribute('aria-labelledby'))
  .map(e => e.outerHTML)"""
"""The form controls a screen reader would announce without a name."""

LOAD_FAILED = "Failed to load resource: the server responded with a status of"
"""Chromium's console line for a response >= 400, which names no URL: the response
listener reports those, with the URL."""

LIVE = "#live td[data-draft]"
UTILITIES = f"[...document.querySelectorAll('{LIVE}')].map(e => e.textContent.trim()).join('|')"

SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


@dataclass
class Person:
    """One person's browser (own context, own cookies) and what went wrong in it."""

    name: str
    context: BrowserContext
    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    """URLs this person is meant to be refused (a 403 there is the test passing)."""

    @classmethod
    def open(cls, browser: Browser, name: str, base: str) -> Person:
        context = browser.new_context(viewport=LAPTOP)
        person = cls(name, context, context.new_page(), base)
        person.page.on("console", person._console)
        person.page.on("pageerror", lambda e: person.errors.append(f"script error: {e}"))
        person.page.on("response", person._response)
        person.page.on("requestfailed", person._failed)
        return person

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith(LOAD_FAILED):
            self.errors.append(f"console error on {self.page.url}: {message.text}")

    def _response(self, response: Response) -> None:
        request = response.request
        if response.status < 400 or response.url in self.refused:
            return
        if request.resource_type == "other" and urlsplit(response.url).path == "/favicon.ico":
            return  # the browser's own guess at an icon; the workbench has none
        kind = "htmx request" if request.headers.get("hx-request") else f"{request.resource_type} request"
        self.errors.append(f"{kind} {request.method} {response.url}: {response.status}")

    def _failed(self, request: Request) -> None:
        if request.headers.get("hx-request"):
            self.errors.append(f"htmx request {request.method} {request.url} failed: {request.failure}")

    def visited(self) -> None:
        """Check the page now shown: nothing went wrong so far, every control has a label."""
        assert self.errors == [], f"{self.name}: {self.errors}"
        controls = self.page.locator("input, select, textarea").evaluate_all(UNLABELLED)
        assert controls == [], f"{self.name}: controls without a label on {self.page.url}: {controls}"

    def settle(self) -> None:
        """Wait until no htmx request, swap or settle is under way."""
        self.page.wait_for_function(SETTLED)

    def session_cookie(self) -> dict[str, object]:
        cookies = [c for c in self.context.cookies() if c["name"] == "accord_session"]
        assert len(cookies) == 1, f"{self.name}: cookies {[c['name'] for c in self.context.cookies()]}"
        return dict(cookies[0])


def test_a_negotiation_from_sign_in_to_a_new_version(browser: Browser, database_url: str, tmp_path: Path) -> None:
    store = open_store(database_url)
    try:
        store.create_user("mediator", PASSWORD)
    finally:
        store.close()
    with serving(database_url, tmp_path / "server.log") as server:
        mediator = Person.open(browser, "mediator", server.url)
        nid = sign_in_and_create(mediator)
        links = {party: invite(mediator, party) for party in ("ua", "ru")}
        ua = join(browser, "ua", links["ua"], server.url, nid)
        ru = join(browser, "ru", links["ru"], server.url, nid)

        edit_preferences(ua, nid, "ua", {"weight:recognition": "30", "rating:recognition:none": "10"})
        ru_numbers = {"weight:recognition": "17.375", "rating:recognition:us-de-facto": "42.625"}
        edit_preferences(ru, nid, "ru", ru_numbers)

        record_stance(ua, nid, "grain", "unacceptable", "the Kinburn spit stays Ukrainian")
        record_stance(ua, nid, "tolerance", "amend", "")
        record_stance(ru, nid, "grain", "accept", "")
        record_stance(ru, nid, "non-nuclear", "criticise", "verification first")

        consensus_shows(mediator, nid, {("grain", "Ukraine"): "unacceptable", ("grain", "Russia"): "accept"})
        consensus_shows(mediator, nid, {("tolerance", "Ukraine"): "amend", ("non-nuclear", "Russia"): "criticise"})
        publish_first_proposal(mediator, nid)

        refused_the_others_preferences(ua, nid, "ru", ru_numbers)
        for person in (mediator, ua, ru):
            person.visited()
            person.context.close()


def sign_in_and_create(mediator: Person) -> int:
    """Sign in on /, upload the flagship scenario, land on its current draft."""
    page = mediator.page
    page.goto(f"{mediator.base}/")
    mediator.visited()
    page.get_by_label("Name", exact=True).fill("mediator")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your negotiations")).to_be_visible()
    mediator.visited()
    session_cookie_is_guarded(mediator)

    page.get_by_label("Scenario file(s)").set_input_files(UKRAINE)
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/n/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("20-point framework (version 4, current)")
    mediator.visited()
    fits_the_screen(mediator)
    return int(page.url.rsplit("/", 1)[1])


def session_cookie_is_guarded(person: Person) -> None:
    """The session cookie: HttpOnly (no script reads it), SameSite=Lax, Secure."""
    cookie = person.session_cookie()
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["secure"] is True, "Chromium dropped the Secure flag or the server did not set it"
    assert "accord_session" not in person.page.evaluate("document.cookie")


def fits_the_screen(person: Person) -> None:
    """No horizontal scrolling on a 1366x768 laptop."""
    overflow = person.page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, f"{person.page.url} is {overflow} px wider than a 1366 px screen"


def invite(mediator: Person, party: str) -> str:
    """A party invitation link, made on the Members page."""
    page = mediator.page
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", name="Members", level=1)).to_be_visible()
    page.get_by_label("Role", exact=True).select_option("party")
    page.get_by_label("Party", exact=True).select_option(party)
    page.get_by_role("button", name="Create invitation link").click()
    link = page.locator("#invitation-link")
    expect(link).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Invitation for {party}'s delegation")
    mediator.visited()
    href = link.get_attribute("href")
    assert href is not None
    assert href.startswith(f"{mediator.base}/invite/"), href
    return href


def join(browser: Browser, party: str, link: str, base: str, nid: int) -> Person:
    """The party opens its link in a browser of its own and creates its account there."""
    person = Person.open(browser, party, base)
    page = person.page
    page.goto(link)
    expect(page.get_by_role("heading", name="Invitation")).to_be_visible()
    person.visited()
    page.get_by_label("Name", exact=True).fill(f"{party}-delegate")
    page.get_by_label("Password (12 characters or more)").fill(PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    expect(page).to_have_url(f"{base}/n/{nid}")
    expect(page.locator("header.top")).to_contain_text(f"{party}-delegate · party for {party}")
    person.visited()
    session_cookie_is_guarded(person)
    fits_the_screen(person)
    mine = page.get_by_role("link", name="My preferences")
    expect(mine).to_have_attribute("href", f"/n/{nid}/preferences/{party}")
    return person


def edit_preferences(person: Person, nid: int, party: str, numbers: dict[str, str]) -> None:
    """Change each number in turn, see every draft's utility move without saving, save."""
    page = person.page
    page.get_by_role("link", name="My preferences").click()
    expect(page).to_have_url(f"{person.base}/n/{nid}/preferences/{party}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My preferences")
    person.visited()
    expect(page.locator(LIVE)).to_have_count(4)
    for name, value in numbers.items():
        before = utilities(page)
        page.locator(f'input[name="{name}"]').fill(value)
        try:  # until the preview has landed
            page.wait_for_function(f"before => {UTILITIES} !== before", arg="|".join(before), timeout=30_000)
        except PlaywrightTimeoutError:
            raise AssertionError(f"{party}: {name} = {value}, yet each draft's utility stays {before}") from None
        person.settle()
        after = utilities(page)
        if name.startswith("weight:"):  # a weight moves every draft's utility
            assert all(a != b for a, b in zip(after, before, strict=True)), (name, before, after)
        assert after != before
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Saved \(version \d+\)\."))
    person.settle()
    person.visited()
    page.reload()
    for name, value in numbers.items():
        expect(page.locator(f'input[name="{name}"]')).to_have_value(re.compile(rf"^{re.escape(value)}(\.0)?$"))
    person.visited()


def utilities(page: Page) -> list[str]:
    """Each draft's utility in the live table (``0.570`` or ``0.570–0.926``)."""
    shown: str = page.evaluate(UTILITIES)
    return shown.split("|")


def record_stance(person: Person, nid: int, point: str, stance: str, note: str) -> None:
    """Record a stance on one point of the current draft: its row is replaced in place."""
    page = person.page
    if not re.search(rf"/n/{nid}$", page.url):
        page.get_by_role("link", name="Current draft").click()
        expect(page).to_have_url(f"{person.base}/n/{nid}")
    row = page.locator(f"#point-{point}")
    title = row.get_by_role("rowheader").inner_text().split("\n")[0].strip()
    page.get_by_label(f"Your stance on {title}").select_option(stance)
    if note:
        page.get_by_label(f"Note on {title}").fill(note)
    url = page.url
    row.get_by_role("button", name="Record").click()
    expect(row.get_by_role("status")).to_have_text(f"Recorded: {stance}.")
    person.settle()
    said = row.locator("td").nth(1)
    expect(said).to_contain_text(f"{NAMES[person.name]}: {stance}")
    if note:
        expect(said).to_contain_text(f"“{note}”")
    assert page.url == url  # replaced in place, not a new page
    person.visited()


def consensus_shows(mediator: Person, nid: int, expected: dict[tuple[str, str], str]) -> None:
    """The consensus map (as the mediator) shows each party's stance on each point."""
    page = mediator.page
    page.get_by_role("link", name="Consensus map").click()
    expect(page).to_have_url(f"{mediator.base}/n/{nid}/consensus")
    headers = page.locator("table thead th").all_inner_texts()
    for (point, party), stance in expected.items():
        row = page.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=point, exact=True))
        cell = row.locator("td").nth(headers.index(party) - 1)
        expect(cell).to_have_text(re.compile(rf"^{stance}\b"))
        expect(cell).to_have_class(f"stance-{stance}")
    mediator.visited()


def publish_first_proposal(mediator: Person, nid: int) -> None:
    """Proposals: "computing" until the analysis is ready, then publish proposal 1."""
    page = mediator.page
    page.get_by_role("link", name="Proposals").click()
    expect(page.get_by_role("status")).to_contain_text("computing")
    publish = page.get_by_role("button", name="Publish proposal 1 as the new version")
    expect(publish).to_be_visible(timeout=ANALYSIS_MS)
    mediator.visited()
    title = page.get_by_label("Title").first.input_value()
    assert title == "Proposal 1 on twenty-point"
    publish.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"{title} (version 5, current)")
    new = page.url.rsplit("/", 1)[1]
    mediator.visited()
    fits_the_screen(mediator)

    page.get_by_role("link", name="Current draft").click()
    expect(page).to_have_url(f"{mediator.base}/n/{nid}")
    expect(heading).to_contain_text(f"{title} (version 5, current)")
    page.get_by_role("link", name="Versions").click()
    first = page.locator("tbody tr").first
    expect(first.locator("td").first).to_have_text("5")
    expect(first.get_by_role("link", name=title)).to_have_attribute("href", f"/n/{nid}/drafts/{new}")
    mediator.visited()


def refused_the_others_preferences(person: Person, nid: int, other: str, numbers: dict[str, str]) -> None:
    """Another party's preferences: a 403 page, none of its numbers."""
    page = person.page
    url = f"{person.base}/n/{nid}/preferences/{other}"
    person.refused.add(url)
    response = page.goto(url)
    assert response is not None
    html = page.content()
    leaked = [v for v in numbers.values() if v in html]
    assert leaked == [], f"{other}'s numbers on {person.name}'s page {url}: {leaked}"
    expect(page.locator('input[name^="rating:"], input[name^="weight:"]')).to_have_count(0)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("forbidden")
    person.visited()
    page.goto(f"{person.base}/n/{nid}")
    mine = page.get_by_role("link", name="My preferences")
    expect(mine).to_have_attribute("href", f"/n/{nid}/preferences/{person.name}")
    person.visited()
