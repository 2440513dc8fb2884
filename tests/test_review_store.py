"""Review decisions on a real store: optimistic concurrency, the append-only log, and decisions surviving rescans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from oversight.store import review
from oversight.store.db import Connection, open_store


@pytest.fixture()
def conn(store_target: str) -> Iterator[Connection]:
    connection = open_store(store_target)
    yield connection
    connection.close()


KEY = review.finding_key("ab" * 32, 3, "ethnicity/uyghur")


def test_second_reviewer_on_a_stale_version_is_told_and_both_are_logged(conn: Connection) -> None:
    first = review.decide(conn, "finding", KEY, "confirmed", "page 3", actor="ana", seen_version=0, quote="维族")
    assert first.version == 1
    with pytest.raises(review.ReviewConflict) as conflict:
        review.decide(conn, "finding", KEY, "rejected", "benign", actor="bo", seen_version=0, quote="维族")
    assert conflict.value.current.actor == "ana"
    assert conflict.value.current.state == "confirmed"
    log = review.history(conn, "finding", KEY)
    assert [(e.actor, e.outcome) for e in log] == [("bo", "conflict"), ("ana", "applied")]
    assert log[0].after is not None and log[0].after["state"] == "rejected"
    assert review.decision(conn, "finding", KEY).state == "confirmed"
    second = review.decide(conn, "finding", KEY, "rejected", "benign", actor="bo", seen_version=1, quote="维族")
    assert second.version == 2
    assert review.history(conn, "finding", KEY)[0].before["state"] == "confirmed"  # type: ignore[index]


def test_a_decision_holds_only_for_the_quote_it_was_made_on(conn: Connection) -> None:
    made = review.decide(conn, "finding", KEY, "rejected", "", actor="ana", seen_version=0, quote="维族")
    assert made.applies_to("维族")
    assert not made.applies_to("维吾尔族")


def test_unknown_state_and_empty_tag_are_refused(conn: Connection) -> None:
    with pytest.raises(review.ReviewError):
        review.decide(conn, "finding", KEY, "maybe", "", actor="ana", seen_version=0)
    with pytest.raises(review.ReviewError):
        review.set_tag(conn, "ab" * 32, "   ", True, actor="ana")


def test_tags_and_stars_are_logged(conn: Connection) -> None:
    sha = "cd" * 32
    review.set_tag(conn, sha, "follow up", True, actor="ana")
    review.set_tag(conn, sha, "follow up", True, actor="ana")  # idempotent
    review.set_star(conn, sha, True, actor="ana")
    assert review.tags(conn) == {sha: ["follow up"]}
    assert review.stars(conn) == {sha}
    review.set_star(conn, sha, False, actor="bo")
    assert review.stars(conn) == set()
    assert [e.action for e in review.history(conn, "document", sha)] == ["unstar", "star", "tag", "tag"]
