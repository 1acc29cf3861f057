"""Census rounds: who is who across runs, what changed (`census diff`), why a status (`census
explain`), and each person's status over the rounds (history.json)."""

from census.rounds.changes_write import write_changes
from census.rounds.diff import Diff, diff_folders, diff_rounds
from census.rounds.diff_text import diff_text
from census.rounds.history import History, build_history, write_history
from census.rounds.linking import Links, link
from census.rounds.sections import RunRounds, follow_rounds, since_report
from census.rounds.snapshot import Snapshot, find_rounds, load_rounds, load_snapshot

__all__ = [
    "Diff",
    "History",
    "Links",
    "RunRounds",
    "Snapshot",
    "build_history",
    "follow_rounds",
    "since_report",
    "write_changes",
    "write_history",
    "diff_folders",
    "diff_rounds",
    "diff_text",
    "find_rounds",
    "link",
    "load_rounds",
    "load_snapshot",
]
