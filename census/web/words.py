"""One-line messages kept untranslated (a message id and its values) and said in a language.

The core's errors carry their words as an English message id with placeholder values; the
portal stores both and says them in the language of whoever reads the page.
"""

from __future__ import annotations

from typing import Any

from census.i18n import translator


def words_of(error: Exception) -> tuple[str, dict[str, str]]:
    """(message id, values) of a core error; its text when it has no message id."""
    msgid = getattr(error, "msgid", None)
    values = getattr(error, "values", None)
    if isinstance(msgid, str) and isinstance(values, dict):
        return msgid, {str(key): str(value) for key, value in values.items()}
    return str(error), {}


def say(lang: str, message: str, values: dict[str, Any] | None = None) -> str:
    """The stored message in `lang` ('' stays '')."""
    if not message:
        return ""
    try:
        return translator(lang)(message, **(values or {}))
    except (KeyError, IndexError, ValueError):
        return message  # a line stored with braces of its own, not placeholders
