"""The request store's promises, on both backends: SQLite (one server) and PostgreSQL (several sharing it).

The gate's suites (test_gate, test_refusals) run through the MCP client on both stores too; these
tests pin the store itself: one open request per payload, one claim per approval whoever asks (threads
here, processes in test_shared_store), the hourly cap, and what a finished request refuses.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from odoo_mcp.approvals.request_store import Claim, Entry, RequestStore, Status, open_request_store
from odoo_mcp.approvals.request_store_sqlite import LEGACY_FILE, SqliteRequestStore
from odoo_mcp.config import Settings, settings_from_mapping

from ..postgres import STORES

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
LEASE = NOW + dt.timedelta(minutes=3)


def _entry(number: int, *, action: str = "create_partner", sha: str | None = None, at: dt.datetime = NOW) -> Entry:
    return Entry(id=f"apr-{number:012x}", action=action, payload_sha256=sha or f"sha{number}", payload={"name": f"X{number}"},
                 plan={"n": number}, body_sha256="b", file_name=f"f{number}.md", created_at=at, expires_at=at + dt.timedelta(hours=1),
                 status=Status.ISSUED)


def _issued(store: RequestStore, entry: Entry) -> Entry:
    with store.issuing(entry) as in_force:
        return in_force


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, env: dict[str, str]) -> Settings:
    if request.param == "postgres":
        env = {**env, "ODOO_MCP_STATE_URL": request.getfixturevalue("postgres_url")}
    return settings_from_mapping(env)


@pytest.fixture
def store(settings: Settings) -> RequestStore:
    return open_request_store(settings)


def test_the_settings_choose_the_store(settings: Settings, store: RequestStore) -> None:
    assert type(store).__name__ == ("PostgresRequestStore" if settings.state_url else "SqliteRequestStore")
    if settings.state_url is not None:
        password = settings.state_url.get_secret_value().split(":")[2].split("@")[0]
        assert password not in store.where and password not in settings.request_store_shown and ":***@" in store.where


def test_an_entry_reads_back_as_written(store: RequestStore) -> None:
    entry = _entry(1)
    assert _issued(store, entry) == entry
    assert store.get(entry.id) == entry and store.get("apr-0000000000ff") is None
    assert store.latest(entry.action, entry.payload_sha256) == entry
    assert [e.id for e in store.entries((Status.ISSUED,))] == [entry.id] and store.entries((Status.DONE,)) == []


def test_one_open_request_per_payload(store: RequestStore) -> None:
    first = _issued(store, _entry(1, sha="same"))
    assert _issued(store, _entry(2, sha="same")) == first, "a second request for the same payload was filed"
    assert store.get(_entry(2).id) is None


def test_a_failing_body_files_nothing(store: RequestStore) -> None:
    with pytest.raises(OSError), store.issuing(_entry(1)):
        raise OSError("disk full while writing the request file")
    assert store.get(_entry(1).id) is None


def test_latest_is_the_last_filed_even_within_one_second(store: RequestStore) -> None:
    first = _issued(store, _entry(1, sha="same"))
    assert store.close_unexecuted(first.id, Status.REJECTED, now=NOW)
    second = _issued(store, _entry(2, sha="same"))
    latest = store.latest("create_partner", "same")
    assert latest is not None and latest.id == second.id


def test_claim_finish_and_what_comes_after(store: RequestStore) -> None:
    entry = _issued(store, _entry(1))
    assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False) is Claim.CLAIMED
    assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False) is Claim.BUSY
    assert not store.close_unexecuted(entry.id, Status.REJECTED, now=NOW), "a claimed request was rejected"
    store.finish(entry.id, Status.DONE, now=NOW, result={"summary": "ok"}, error=None)
    done = store.get(entry.id)
    assert done is not None and done.status is Status.DONE and done.result == {"summary": "ok"} and done.attempts == 1
    assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False) is Claim.NOT_CLAIMABLE
    assert store.claim("apr-0000000000ff", now=NOW, lease_until=LEASE, dry_run=False) is Claim.NOT_CLAIMABLE


def test_a_released_claim_is_usable_and_a_stale_one_resumes(store: RequestStore) -> None:
    entry = _issued(store, _entry(1))
    assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False) is Claim.CLAIMED
    store.release(entry.id)
    assert store.get(entry.id).status is Status.ISSUED  # type: ignore[union-attr]
    assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False) is Claim.CLAIMED
    store.resume_from(entry.id, NOW + dt.timedelta(minutes=1))
    assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False) is Claim.BUSY
    later = NOW + dt.timedelta(minutes=2)
    assert store.claim(entry.id, now=later, lease_until=later + dt.timedelta(minutes=3), dry_run=False) is Claim.RESUMED


def test_the_hourly_cap_counts_claims_of_the_same_action_and_mode(store: RequestStore) -> None:
    pay = [_issued(store, _entry(n, action="register_payment")) for n in range(1, 5)]
    other = _issued(store, _entry(9))
    for entry in pay[:2]:
        assert store.claim(entry.id, now=NOW, lease_until=LEASE, dry_run=False, hourly_cap=2) is Claim.CLAIMED
    assert store.claim(pay[2].id, now=NOW, lease_until=LEASE, dry_run=False, hourly_cap=2) is Claim.RATE_LIMITED
    assert store.claim(pay[2].id, now=NOW, lease_until=LEASE, dry_run=True, hourly_cap=2) is Claim.CLAIMED  # dry runs count apart
    assert store.claim(other.id, now=NOW, lease_until=LEASE, dry_run=False, hourly_cap=2) is Claim.CLAIMED
    hour_later = NOW + dt.timedelta(hours=1, seconds=1)
    assert store.claim(pay[3].id, now=hour_later, lease_until=hour_later, dry_run=False, hourly_cap=2) is Claim.CLAIMED


def test_many_connections_race_for_one_claim_and_one_wins(store: RequestStore) -> None:
    entries = [_issued(store, _entry(n)) for n in range(1, 6)]
    for entry in entries:
        barrier, outcomes = threading.Barrier(8), []

        def claim(approval_id: str = entry.id, barrier: threading.Barrier = barrier, outcomes: list[Claim] = outcomes) -> None:
            barrier.wait()
            outcomes.append(store.claim(approval_id, now=NOW, lease_until=LEASE, dry_run=False))

        threads = [threading.Thread(target=claim) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == sorted([Claim.CLAIMED] + [Claim.BUSY] * 7)


def test_a_store_under_the_old_name_is_moved_and_read(tmp_path: Path) -> None:
    entry = _entry(1)
    _issued(SqliteRequestStore(tmp_path / LEGACY_FILE), entry)
    store = SqliteRequestStore(tmp_path / "requests.sqlite3")
    assert not (tmp_path / LEGACY_FILE).exists() and (tmp_path / "requests.sqlite3").is_file()
    found = store.get(entry.id)
    assert found is not None and found.payload == {"name": "X1"} and found.status is Status.ISSUED
