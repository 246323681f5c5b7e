"""The workbench's state between requests: the store, the settings, the login limiter, and
the caches and background jobs that keep pages fast.

A negotiation's scenario is read from the store once per *revision* (the counter every
write bumps, :meth:`accord.store.Store.revision`): a request checks the revision (one small
query) and reuses the scenario and its :class:`~accord.api.Case` while it has not moved.
The analysis (frontier, solutions, proposals, the robustness section) takes seconds on a
real negotiation, so it runs on a small thread pool, once per revision and viewer, and the
pages and the API answer "computing" (HTTP 202) until it is ready; a write makes a new
revision, and the next request starts the new analysis. Only the newest revision of each
negotiation is kept.

Confidentiality is not decided here: every answer goes through the member's
:class:`~accord.views.Viewer` (:mod:`accord.views`), by the shapes of
:mod:`accord.web.shapes` and the report's own :func:`accord.report.content.build`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

from accord.analysis.drafts import DraftUtility
from accord.analysis.proposals import Proposal
from accord.api import Case
from accord.errors import AccordError, ForbiddenError, UnknownIdError
from accord.model import Scenario, Stance
from accord.report.content import MAX_PROPOSALS, build
from accord.report.model import Brief
from accord.store import Member, Store, Token, TokenKind
from accord.views import Viewer
from accord.web.auth import RateLimiter
from accord.web.errors import ApiError, from_accord, not_member
from accord.web.settings import Settings
from accord.web.shapes import draft_view

T = TypeVar("T")

TOKEN_SECONDS = 5.0
"""How long a token found in the database is trusted without asking again (one process:
a token revoked here is forgotten at once; revoked by another process, within this time)."""
MAX_TOKENS = 10_000


@dataclass(frozen=True)
class Computed:
    """One revision's analysis, shared by every viewer: the case (its frontier computed),
    the proposals near the current draft, and the robustness analysis (None when nothing
    is uncertain)."""

    case: Case
    current: str | None
    proposals: tuple[Proposal, ...]
    robustness: Any = None


class Snap(NamedTuple):
    """A negotiation at one revision: its whole scenario (every party's preferences: the
    engine's input, never shown without a viewer), its case, and the revision."""

    scenario: Scenario
    case: Case
    revision: int


@dataclass(frozen=True)
class Pending:
    """An analysis still running."""

    revision: int


class Workbench:
    """Everything the routes share (one per application)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.limiter = RateLimiter(settings.login_attempts, settings.login_window.total_seconds())
        self._lock = threading.Lock()
        self._scenarios: dict[int, tuple[int, Scenario, Case]] = {}
        self._loading: dict[int, threading.Lock] = {}
        self._memo: dict[tuple[int, int, Hashable], Any] = {}
        self._tokens: dict[tuple[str, str], tuple[Token, float]] = {}
        self._computed: dict[tuple[int, int], Future[Computed]] = {}
        self._briefs: dict[tuple[int, int, Viewer], Future[Brief]] = {}
        self._pool = ThreadPoolExecutor(max_workers=settings.analysis_workers, thread_name_prefix="accord-analysis")

    def close(self) -> None:
        """Stop the background analyses and close the store."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.store.close()

    def token(self, raw: str, kind: TokenKind) -> Token | None:
        """The live token ``raw`` (:meth:`accord.store.Store.token`), remembered for
        :data:`TOKEN_SECONDS` so that a burst of requests asks the database once; its expiry
        is checked every time, and :meth:`revoke` forgets it at once."""
        now = time.monotonic()
        found = self._tokens.get((raw, kind))
        if found is not None and now - found[1] < TOKEN_SECONDS and found[0].expires > datetime.now(UTC):
            return found[0]
        token = self.store.token(raw, kind)
        with self._lock:
            if token is None:
                self._tokens.pop((raw, kind), None)
            else:
                if len(self._tokens) > MAX_TOKENS:
                    self._tokens.clear()
                self._tokens[(raw, kind)] = (token, now)
        return token

    def revoke(self, raw: str) -> None:
        """Revoke the token ``raw`` (sign-out)."""
        with self._lock:
            for kind in ("session", "api"):
                self._tokens.pop((raw, kind), None)
        self.store.revoke_token(raw)

    def member(self, negotiation: int, user: int) -> Member:
        """The caller's membership (kept per revision: a membership or a share changes the
        revision); 404 for a negotiation they are not a member of."""
        try:
            revision = self.store.revision(negotiation)
            return self.memo(negotiation, revision, ("member", user), lambda: self.store.member(negotiation, user))
        except (ForbiddenError, UnknownIdError):
            raise not_member(negotiation) from None

    def snapshot(self, negotiation: int) -> Snap:
        """The negotiation's whole scenario (every party's preferences: the engine's input,
        never shown without a viewer), its case and its revision."""
        revision = self.store.revision(negotiation)
        cached = self._scenarios.get(negotiation)
        if cached is not None and cached[0] >= revision:
            return Snap(cached[1], cached[2], cached[0])
        with self._lock:
            loading = self._loading.setdefault(negotiation, threading.Lock())
        with loading:  # one thread reads the new revision; the others wait for it and reuse it
            cached = self._scenarios.get(negotiation)
            if cached is not None and cached[0] >= revision:
                return Snap(cached[1], cached[2], cached[0])
            scenario, revision = self.store.snapshot(negotiation)
            case = Case(scenario)
            with self._lock:
                kept = ("utilities",) if cached is not None and _same_utilities(cached[1], scenario) else ()
                self._install(negotiation, revision, scenario, case, kept)
        return Snap(scenario, case, revision)

    def stated(self, negotiation: int, stance: Stance) -> None:
        """Advance the kept scenario by ``stance``, which this process has just recorded, when
        it is the negotiation's only change since (its revision is one more than the kept
        one); otherwise the next read loads the negotiation again. A stance changes no
        membership and no utility, so those stay too."""
        revision = self.store.revision(negotiation)
        with self._lock:
            cached = self._scenarios.get(negotiation)
            if cached is None or cached[0] != revision - 1:
                return
            scenario = replace(cached[1], stances=(*cached[1].stances, stance))
            self._install(negotiation, revision, scenario, Case(scenario), ("utilities", "member"))

    def _install(self, negotiation: int, revision: int, scenario: Scenario, case: Case, keep: tuple[str, ...]) -> None:
        """Make ``scenario`` the kept one (call with the lock held): drop what was kept for
        other revisions, but carry the entries whose key starts with one of ``keep``."""
        before = self._scenarios.get(negotiation)
        self._scenarios[negotiation] = (revision, scenario, case)
        for key in [k for k in self._memo if k[0] == negotiation and k[1] != revision]:
            value = self._memo.pop(key)
            name = key[2][0] if isinstance(key[2], tuple) else key[2]
            if before is not None and key[1] == before[0] and name in keep:
                self._memo[(negotiation, revision, key[2])] = value

    def memo(self, negotiation: int, revision: int, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept while the negotiation stays at ``revision`` (a draft's view for
        one member, each draft's utilities): pages and API calls between two writes reuse it."""
        full = (negotiation, revision, key)
        try:
            found: T = self._memo[full]
            return found
        except KeyError:
            value = compute()
            with self._lock:
                if self._scenarios.get(negotiation, (revision,))[0] <= revision:
                    self._memo[full] = value
            return value

    def utilities(self, negotiation: int, snap: Snap | None = None) -> tuple[DraftUtility, ...]:
        """Each draft's utility for every rated party (never shown without a viewer)."""
        _, case, revision = snap or self.snapshot(negotiation)
        return self.memo(negotiation, revision, "utilities", case.drafts)

    def draft_view(self, negotiation: int, draft: str, member: Member) -> dict[str, Any]:
        """One draft as ``member`` sees it (:func:`accord.web.shapes.draft_view`)."""
        snap = self.snapshot(negotiation)
        utilities = self.utilities(negotiation, snap)
        key = ("draft", draft, member.party, member.viewer)
        return self.memo(negotiation, snap.revision, key, lambda: draft_view(snap.scenario, utilities, draft, member))

    def draft_json(self, negotiation: int, draft: str, member: Member) -> bytes:
        """:meth:`draft_view` as JSON, serialised once per revision (the most read answer)."""
        snap = self.snapshot(negotiation)
        key = ("draft.json", draft, member.party, member.viewer)
        return self.memo(
            negotiation, snap.revision, key, lambda: json.dumps(self.draft_view(negotiation, draft, member)).encode()
        )

    def brief(self, negotiation: int, viewer: Viewer) -> Brief | Pending:
        """The briefing report's content for ``viewer`` (:func:`accord.report.content.build`),
        or :class:`Pending` while it is computed; an analysis that failed raises its error."""
        _, case, revision = self.snapshot(negotiation)
        key = (negotiation, revision, viewer)
        with self._lock:
            future = self._briefs.get(key)
            if future is None:
                self._forget(negotiation, revision)
                future = self._pool.submit(self._build, negotiation, revision, case, viewer)
                self._briefs[key] = future
        return _outcome(future, revision)

    def computed(self, negotiation: int) -> Computed | Pending:
        """The revision's shared analysis (proposals and all), or :class:`Pending`."""
        _, case, revision = self.snapshot(negotiation)
        return _outcome(self._shared(negotiation, revision, case), revision)

    def _shared(self, negotiation: int, revision: int, case: Case) -> Future[Computed]:
        with self._lock:
            future = self._computed.get((negotiation, revision))
            if future is None:
                self._forget(negotiation, revision)
                future = Future()
                self._computed[(negotiation, revision)] = future
                self._pool.submit(self._fill, future, case)
        return future

    def _build(self, negotiation: int, revision: int, case: Case, viewer: Viewer) -> Brief:
        shared = self._shared(negotiation, revision, case)
        self._fill(shared, case)  # here, unless a pool thread has started it: then wait
        computed = shared.result()
        return build(computed.case, viewer, robustness=computed.robustness)

    def _fill(self, future: Future[Computed], case: Case) -> None:
        """Compute ``future`` in this thread unless another thread has started it."""
        with self._lock:
            if future.running() or future.done() or not future.set_running_or_notify_cancel():
                return
        try:
            future.set_result(_compute(case, self.settings.robust_samples))
        except BaseException as err:  # carried to every reader of the future
            future.set_exception(err)

    def _forget(self, negotiation: int, revision: int) -> None:
        """Drop the older revisions' analyses of ``negotiation`` (call with the lock held)."""
        for key in [k for k in self._computed if k[0] == negotiation and k[1] != revision]:
            del self._computed[key]
        for brief in [k for k in self._briefs if k[0] == negotiation and k[1] != revision]:
            del self._briefs[brief]


def _same_utilities(old: Scenario, new: Scenario) -> bool:
    """Whether each draft's utilities are the same in ``new`` as in ``old`` (they depend on
    the points, the drafts and the preferences, not on the stances)."""
    return old.points == new.points and old.drafts == new.drafts and old.preferences == new.preferences


def _compute(case: Case, samples: int) -> Computed:
    scenario = case.scenario
    current = scenario.drafts[-1].id if scenario.drafts else None
    analysis = case.analyze()
    proposals: tuple[Proposal, ...] = ()
    if current is not None and analysis.feasible and analysis.frontier is not None:
        proposals = tuple(case.propose(current, "nash", n=MAX_PROPOSALS))  # the report's ranking
    robustness = None
    if scenario.is_uncertain:
        robustness = case.robust(samples=samples, solution_samples=samples, solutions=("nash",))
    return Computed(case, current, proposals, robustness)


def _outcome(future: Future[T], revision: int) -> T | Pending:
    if not future.done():
        return Pending(revision)
    err = future.exception()
    if isinstance(err, AccordError):
        raise from_accord(err) from None
    if err is not None:
        raise ApiError(500, "the analysis failed; the server's log has the details") from err
    result: T = future.result()
    return result
