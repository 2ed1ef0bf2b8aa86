"""Safe reading of YAML (and JSON) files that remembers where every value came from.

PyYAML's own loaders are not used to build the data: they keep the last of two
duplicate keys, expand aliases without limit and recurse once per nesting level.
Instead we read the parser's flat event stream (libyaml's C parser where present)
and build plain Python data ourselves, which lets us

* refuse duplicate keys, object-constructing tags, deep nesting and alias bombs;
* record the line and column of every value, so validation errors can say
  ``file:line:col`` instead of a path into the data.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlcareer.errors import MlcareerError, Problem

MAX_DEPTH = 64
# A full taxonomy is about ten thousand values; an alias bomb is billions.
MAX_VALUES = 500_000

_PLAIN_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# What SafeConstructor raises for a scalar its tag cannot hold, besides ConstructorError:
# int('x') and float('x') raise ValueError, an empty !!int or !!float IndexError (it reads
# value[0]), !!bool a KeyError (a dict lookup), a !!timestamp that does not match its pattern
# AttributeError (match() gave None) and one out of range ValueError.
_SCALAR_CONSTRUCTOR_ERRORS = (ValueError, IndexError, KeyError, AttributeError, OverflowError)
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

Path_ = tuple[Any, ...]


@dataclass
class Document:
    """Plain data parsed from one file, with the position of every value and key."""

    file: str
    data: Any
    text: str = ""
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def problem_at(self, path: Path_, message: str, *, at_key: bool = False) -> Problem:
        """A problem located at ``path``, or at the nearest ancestor we have a position for."""
        marks = self.key_marks if at_key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                line, col = marks[probe]
                return Problem(message, self.file, line, col)
            if probe in self.value_marks:
                line, col = self.value_marks[probe]
                return Problem(message, self.file, line, col)
            probe = probe[:-1]
        line, col = self.value_marks.get((), (1, 1))
        return Problem(message, self.file, line, col)


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def read_text(source: str | Path, *, max_bytes: int, what: str) -> tuple[str, str]:
    """Return ``(label, text)`` for a path or ``-`` (stdin), refusing what is not sane text.

    ``what`` names the kind of file in messages ("taxonomy", "answers file").
    """
    if str(source) == "-":
        label = "<stdin>"
        raw = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source)
        label = str(source)
        if not path.exists():
            raise MlcareerError(Problem(f"no such {what}: check the path", label))
        if path.is_dir():
            raise MlcareerError(
                Problem(f"is a folder, not {_article(what)} {what}: give the path of a file", label)
            )
        try:
            with path.open("rb") as handle:
                raw = handle.read(max_bytes + 1)
        except PermissionError:
            raise MlcareerError(
                Problem(f"cannot read the {what} (permission denied): check its permissions", label)
            ) from None
        except OSError as exc:
            raise MlcareerError(
                Problem(f"cannot read the {what} ({exc.strerror}): check the path", label)
            ) from None
    if len(raw) > max_bytes:
        raise MlcareerError(
            Problem(
                f"the {what} is larger than {max_bytes // (1024 * 1024)} MiB, which no real "
                f"{what} needs: check that this is the right file",
                label,
            )
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MlcareerError(
            Problem(
                f"the {what} is not UTF-8 text (byte 0x{raw[exc.start]:02x}): save it as UTF-8",
                label,
                line,
                column,
            )
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise MlcareerError(
            Problem(
                f"the {what} holds a NUL character, so it is binary, not YAML text", label, line
            )
        )
    return label, text


@dataclass
class _Frame:
    container: list[Any] | dict[Any, Any]
    path: Path_
    size: int = 1
    key: Any = None
    has_key: bool = False
    key_mark: tuple[int, int] = (1, 1)


def _short_tag(tag: str | None) -> str:
    """``tag:yaml.org,2002:python/object`` -> ``!!python/object``, as the author wrote it."""
    tag = tag or "!"
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _unreadable_scalar(text: str, tag: str) -> str:
    """The message for a scalar that its (explicit or implied) tag cannot construct."""
    if not text.strip():
        return f"the {_short_tag(tag)} value is empty: write a value after the tag, or remove it"
    shown = text if len(text) <= 20 else text[:20] + "..."
    return (
        f"cannot read {shown!r} as a {_short_tag(tag)} value (too long or malformed): "
        "write a plain value"
    )


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def parse_yaml(text: str, label: str) -> Document:
    """Parse one YAML document into plain data (dict, list, str, int, float, bool, None)."""
    # Imported here: a scripted run whose taxonomy is cached never needs PyYAML.
    import yaml
    from yaml import events
    from yaml.constructor import ConstructorError, SafeConstructor

    try:  # libyaml's C parser is much faster; fall back to pure Python where it is absent.
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as Loader  # type: ignore[assignment]

    loader = Loader(text)
    constructor = SafeConstructor()
    doc = Document(label, None, text)
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    total = 0
    documents = 0
    have_root = False

    def fail(message: str, mark: Any) -> MlcareerError:
        line, col = _mark(mark)
        return MlcareerError(Problem(message, label, line, col))

    def child_path(mark: Any) -> Path_:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if not top.has_key:
            raise fail("a key must be plain text or a number, not a list or mapping", mark)
        return (*top.path, top.key)

    def emit(value: Any, size: int, mark: Any, anchor: str | None) -> None:
        nonlocal total, have_root
        if anchor:
            anchors[anchor] = (value, size)
        total += size
        if total > MAX_VALUES:
            raise fail(
                f"the document expands to more than {MAX_VALUES:,} values (aliases that refer "
                "to aliases?): write the data out plainly",
                mark,
            )
        if not stack:
            doc.data = value
            have_root = True
            return
        top = stack[-1]
        if isinstance(top.container, list):
            doc.value_marks[(*top.path, len(top.container))] = _mark(mark)
            top.container.append(value)
            top.size += size
        elif not top.has_key:
            if not isinstance(value, Hashable) or isinstance(value, (list, dict)):
                raise fail("a key must be plain text or a number, not a list or mapping", mark)
            if value in top.container:
                first = doc.key_marks.get((*top.path, value), (0, 0))[0]
                raise fail(
                    f"duplicate key {value!r} (first given on line {first}): keep only one",
                    mark,
                )
            top.key, top.has_key, top.key_mark = value, True, _mark(mark)
            # Record the key now so a later duplicate can point back at it.
            doc.key_marks[(*top.path, value)] = top.key_mark
        else:
            path = (*top.path, top.key)
            doc.value_marks[path] = _mark(mark)
            top.container[top.key] = value
            top.size += size
            top.has_key = False

    try:
        while True:
            try:
                event = loader.get_event()
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                line, col = _mark(mark) if mark else (None, None)
                reason = exc.problem or "the YAML is malformed"
                if "nesting depth" in reason:  # libyaml's own limit, deeper than ours
                    raise fail(
                        f"the data is nested more than {MAX_DEPTH} levels deep: flatten it", mark
                    ) from None
                raise MlcareerError(
                    Problem(f"YAML syntax error: {reason}: fix the syntax there", label, line, col)
                ) from None
            except yaml.YAMLError as exc:
                raise MlcareerError(Problem(f"YAML error: {exc}", label)) from None
            if event is None or isinstance(event, events.StreamEndEvent):
                break
            if isinstance(event, events.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        "the file holds more than one YAML document (a second '---'): "
                        "keep only one",
                        event.start_mark,
                    )
            elif isinstance(event, events.ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                if tag not in _PLAIN_SCALAR_TAGS:
                    raise fail(
                        f"the tag {_short_tag(event.tag)} is not allowed: this file may hold "
                        "only plain data (remove the tag)",
                        event.start_mark,
                    )
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
                try:
                    value = constructor.yaml_constructors[tag](constructor, node)
                except (ConstructorError, *_SCALAR_CONSTRUCTOR_ERRORS):
                    raise fail(_unreadable_scalar(event.value, tag), event.start_mark) from None
                if tag == "tag:yaml.org,2002:timestamp":
                    value = event.value  # dates stay text: no field here is a date
                emit(value, 1, event.start_mark, event.anchor)
            elif isinstance(event, (events.SequenceStartEvent, events.MappingStartEvent)):
                is_seq = isinstance(event, events.SequenceStartEvent)
                if event.tag not in (None, "!", _SEQ_TAG if is_seq else _MAP_TAG):
                    raise fail(
                        f"the tag {_short_tag(event.tag)} is not allowed: this file may hold "
                        "only plain data (remove the tag)",
                        event.start_mark,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        f"the data is nested more than {MAX_DEPTH} levels deep: flatten it",
                        event.start_mark,
                    )
                path = child_path(event.start_mark)
                container: list[Any] | dict[Any, Any] = [] if is_seq else {}
                frame = _Frame(container, path)
                frame.key_mark = _mark(event.start_mark)
                stack.append(frame)
                # Remember the anchor and start mark on the frame via attributes.
                frame.anchor = event.anchor  # type: ignore[attr-defined]
                frame.start_mark = event.start_mark  # type: ignore[attr-defined]
            elif isinstance(event, (events.SequenceEndEvent, events.MappingEndEvent)):
                frame = stack.pop()
                emit(frame.container, frame.size, frame.start_mark, frame.anchor)  # type: ignore[attr-defined]
            elif isinstance(event, events.AliasEvent):
                if event.anchor not in anchors:
                    raise fail(
                        f"unknown alias *{event.anchor}: define the anchor first", event.start_mark
                    )
                value, size = anchors[event.anchor]
                emit(value, size, event.start_mark, None)
    finally:
        loader.dispose()
    if not have_root:
        doc.data = None
    doc.value_marks.setdefault((), (1, 1))
    return doc


def load_mapping(source: str | Path, *, max_bytes: int, what: str) -> Document:
    """Read and parse a file that must hold one YAML/JSON mapping."""
    label, text = read_text(source, max_bytes=max_bytes, what=what)
    return mapping_document(text, label, what=what)


def mapping_document(text: str, label: str, *, what: str) -> Document:
    """Parse text that must hold one YAML/JSON mapping."""
    doc = parse_yaml(text, label)
    if doc.data is None:
        raise MlcareerError(Problem(f"the {what} is empty: it must be a YAML mapping", label, 1, 1))
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        raise MlcareerError(
            Problem(f"the {what} must be a YAML mapping of keys to values, not {kind}", label, 1, 1)
        )
    return doc
