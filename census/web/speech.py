"""One-line messages kept untranslated (a message id and its values) and said in a language.

The core's errors and findings carry their words as English message ids with placeholder values,
some of which are messages themselves (`census.i18n.Message`). The portal stores them as JSON
(`to_json`), builds them again (`from_json`) and says them in the language of whoever reads.
"""

from __future__ import annotations

from typing import Any

from census.i18n import Message, translator

_TAG = "$message"


def to_json(value: Any) -> Any:
    """A value of a message as JSON: a Message becomes a tagged object, anything else its text."""
    if isinstance(value, Message):
        return {_TAG: value.msgid, "values": [[key, to_json(item)] for key, item in value.values],
                "plural": value.plural, "count": value.count}
    return value if isinstance(value, str | int | float) else str(value)


def from_json(value: Any) -> Any:
    """The value `to_json` stored, a Message again where it was one."""
    if isinstance(value, dict) and _TAG in value:
        return Message(str(value[_TAG]),
                       tuple((str(key), from_json(item)) for key, item in value.get("values", [])),
                       value.get("plural"), value.get("count"))
    return value


def words_of(error: Exception) -> tuple[str, dict[str, Any]]:
    """(message id, values as JSON) of a core error; its text when it has no message id."""
    msgid = getattr(error, "msgid", None)
    values = getattr(error, "values", None)
    if isinstance(msgid, str) and isinstance(values, dict):
        return msgid, {str(key): to_json(value) for key, value in values.items()}
    return str(error), {}


def say(lang: str, message: str, values: dict[str, Any] | None = None) -> str:
    """The stored message in `lang` ('' stays '')."""
    if not message:
        return ""
    try:
        return translator(lang)(message, **{k: from_json(v) for k, v in (values or {}).items()})
    except (KeyError, IndexError, ValueError):
        return message  # a line stored with braces of its own, not placeholders
