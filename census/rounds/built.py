"""Pydantic models built from trusted fields at the cost of a dict (the diff makes one per person)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)

_set = object.__setattr__


def built(cls: type[Model], fields: dict[str, Any]) -> Model:
    """`cls.model_construct(**fields)` for a model given every one of its fields (a KeyError
    names one missing; others are ignored, as model_construct does).

    model_construct looks for aliases and defaults field by field: tens of microseconds a
    model, seconds for the tens of thousands of people a diff lists. Here the fields are
    taken in the model's order and set as model_construct sets them (no validation: the
    callers' values are typed by construction)."""
    model = cls.__new__(cls)
    values = {name: fields[name] for name in cls.__pydantic_fields__}
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


__all__ = ["built"]
