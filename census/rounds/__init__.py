"""Census rounds: who is who across runs, what changed (`census diff`), why a status (`census
explain`), and each person's status over the rounds (history.json)."""

from census.rounds.diff import Diff, diff_rounds
from census.rounds.linking import Links, link
from census.rounds.snapshot import Snapshot, find_rounds, load_rounds, load_snapshot

__all__ = [
    "Diff",
    "Links",
    "Snapshot",
    "diff_rounds",
    "find_rounds",
    "link",
    "load_rounds",
    "load_snapshot",
]
