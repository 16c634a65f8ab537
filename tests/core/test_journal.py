"""Journal: ids, the bounded size with its count of dropped entries, and redaction."""

from core.conftest import record
from mockserver.core.journal import REDACTED, Journal, redact_body, redact_headers


def test_entries_get_increasing_ids_oldest_first() -> None:
    journal = Journal(10)
    first, second = record(journal), record(journal, status=401)
    assert (first.id, second.id) == (1, 2)
    assert [e.status for e in journal.entries()] == [200, 401]


def test_a_full_journal_drops_the_oldest_and_counts_them() -> None:
    journal = Journal(3)
    for status in range(200, 205):
        record(journal, status=status)
    assert [e.status for e in journal.entries()] == [202, 203, 204]
    assert journal.stats().dropped == 2 and journal.stats().capacity == 3
    journal.clear()
    assert journal.entries() == [] and journal.stats().dropped == 0


def test_secrets_are_redacted_when_read_and_kept_out_of_repr() -> None:
    journal = Journal(5)
    entry = record(
        journal,
        body={"username": "jdoe", "password": "mypassword@123", "nested": [{"apiKey": "k"}]},
        headers=redact_headers([("X-Authorization", "eyJhbGc"), ("Accept", "*/*")]),
        raw_response=b'{"token": "eyJhbGc", "user": {"id": "9"}}',
    )
    assert entry.body == {"username": "jdoe", "password": REDACTED, "nested": [{"apiKey": "***"}]}
    assert entry.response == {"token": REDACTED, "user": {"id": "9"}}
    assert entry.headers == {"X-Authorization": REDACTED, "Accept": "*/*"}
    assert "mypassword" not in repr(entry) and "eyJ" not in repr(entry)


def test_a_body_that_is_not_json_is_read_as_text() -> None:
    entry = record(Journal(1), raw_body=b"name: x\n")
    assert entry.body == "name: x\n"
    assert redact_body({"X-Authorization": "t", "headers": {"Cookie": "c"}}) == {
        "X-Authorization": REDACTED,
        "headers": {"Cookie": REDACTED},
    }
