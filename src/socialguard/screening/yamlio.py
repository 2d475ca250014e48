"""YAML loading that remembers line numbers, and pydantic errors turned into file:line problems.

Policy packs and pattern files are edited by hand, so every validation error must point at the
line to fix. ``load_yaml`` returns plain ``dict``/``list`` subclasses that also record where each
key and item started; ``problems_from_validation`` walks a pydantic ``ValidationError``'s ``loc``
through those records to find the line, and adds a hint (allowed keys, "did you mean ...?").
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from socialguard.screening.errors import DataError, Problem

__all__ = [
    "LineDict",
    "LineList",
    "line_of",
    "load_yaml",
    "parse_yaml",
    "problems_from_validation",
    "validate_as",
]


class LineDict(dict[Any, Any]):
    """A dict that also records the 1-based line of itself (``line``) and of each key."""

    line: int = 0
    key_lines: dict[Hashable, int]


class LineList(list[Any]):
    """A list that also records the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """SafeLoader building ``LineDict``/``LineList`` and refusing duplicate keys."""

    duplicate_problems: list[tuple[int, str, int]]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark
            )
        value = loader.construct_object(value_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in out:
            loader.duplicate_problems.append((line, str(key), out.key_lines[key]))
        out[key] = value
        out.key_lines[key] = line
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, *, source: str) -> Any:
    """Parse YAML text; raise ``DataError`` (with the line) on syntax errors or duplicate keys."""
    loader = _Loader(text)
    loader.duplicate_problems = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise DataError(
            [Problem(source, line, message, "check indentation, colons and quotes on this line")]
        ) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(source, None, f"YAML error: {exc}", "")]) from None
    finally:
        loader.dispose()
    if loader.duplicate_problems:
        raise DataError(
            Problem(
                source,
                line,
                f"key '{key}' appears twice (first on line {first})",
                "delete or rename one of them",
            )
            for line, key, first in loader.duplicate_problems
        )
    return data


def load_yaml(path: Path, *, source: str | None = None) -> Any:
    """Read and parse ``path`` (UTF-8). ``source`` is how the file is named in errors."""
    name = source or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError([Problem(name, None, "file is not UTF-8", "save it as UTF-8")]) from None
    except FileNotFoundError:
        raise DataError([Problem(name, None, "file not found", "create it")]) from None
    return parse_yaml(text, source=name)


def line_of(data: Any, loc: Iterable[int | str]) -> int | None:
    """The line of the deepest element of ``loc`` that ``data`` recorded, or ``None``."""
    line: int | None = getattr(data, "line", None) or None
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def _unwrap(annotation: Any) -> Any:
    """Find a BaseModel inside list[...], dict[..., ...], Optional[...] annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return annotation
    if origin is dict and len(args) == 2:
        return _DictOf(_unwrap(args[1]))
    if args:
        return _unwrap(args[-1])
    return annotation


class _DictOf:
    """Marker: a dict whose values are ``inner`` (a dict key in ``loc`` is skipped)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str] | None:
    current: Any = model
    for part in loc:
        if isinstance(current, _DictOf):
            current = current.inner
            continue
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _unwrap(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def _suggest(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from_validation(
    exc: ValidationError, *, data: Any, source: str, model: type[BaseModel]
) -> list[Problem]:
    """Turn a pydantic error into one ``Problem`` per error, each with a line and a hint.

    The message wording is pinned by golden-file tests: ``<where>: <what> (hint: <fix>)`` where
    ``<where>`` is the dotted path (list items counted from 1).
    """
    problems: list[Problem] = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, int | str))
        kind = err["type"]
        is_key = bool(loc) and loc[-1] == "[key]"
        if is_key:
            loc = loc[:-1]  # pydantic marks a bad dict key with a "[key]" step
        line = line_of(data, loc)
        where = _dotted(loc) or "top level"
        hint = ""
        if is_key and kind in {"enum", "literal_error"}:
            expected = str((err.get("ctx") or {}).get("expected", ""))
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            message = f"{_dotted(loc[:-1]) or 'top level'}: '{loc[-1]}' is not a known name here"
            hint = _suggest(str(loc[-1]), options) + (f"use one of {expected}" if expected else "")
        elif kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"{_dotted(loc[:-1]) or 'top level'}: unknown key '{key}'"
            allowed = _fields_at(model, loc[:-1])
            if allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                hint += "allowed keys here: " + ", ".join(allowed)
        elif kind == "missing":
            message = f"{where}: required key is missing"
            hint = f"add '{loc[-1]}:'" if loc else ""
        elif kind in {"enum", "literal_error"}:
            got = err.get("input")
            expected = (err.get("ctx") or {}).get("expected", "")
            message = f"{where}: {got!r} is not allowed here"
            hint = f"use one of {expected}" if expected else ""
        else:
            message = f"{where}: {err['msg']}"
            ctx_error = (err.get("ctx") or {}).get("error")
            if ctx_error is not None and str(ctx_error) not in message:
                message += f": {ctx_error}"
        problems.append(Problem(source, line, message, hint))
    return problems


M = TypeVar("M", bound=BaseModel)


def validate_as(model: type[M], data: Any, *, source: str) -> M:
    """Validate ``data`` as ``model``; raise ``DataError`` with file:line problems on failure."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError(
            problems_from_validation(exc, data=data, source=source, model=model)
        ) from None
