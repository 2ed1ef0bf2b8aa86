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
from mlcareer.files import read_capped

MAX_DEPTH = 64
# Values the data holds, each counted once and each alias as the values it repeats: the
# default taxonomy holds about twelve thousand, one of 540 skills (twelve times as many)
# about 140 thousand; an alias bomb holds billions. Each value keeps its position too, so
# the cap also bounds memory.
MAX_VALUES = 1_000_000

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


def _size(count: int) -> str:
    """A size limit in words: 8 MiB, 256 KiB (not "0 MiB"), 100 bytes."""
    for unit, name in ((1024 * 1024, "MiB"), (1024, "KiB")):
        if count >= unit and count % unit == 0:
            return f"{count // unit} {name}"
    return f"{count} bytes"


def _read_regular_file(path: Path, label: str, max_bytes: int, what: str) -> bytes:
    """files.read_regular_file, with what went wrong said for the user: only regular files
    are read by name (stdin is `-`)."""
    from mlcareer.files import NotARegularFile, read_regular_file

    try:
        return read_regular_file(path, max_bytes)
    except (FileNotFoundError, NotADirectoryError):
        message = f"no such {what}: check the path"
    except IsADirectoryError:
        message = f"is a folder, not {_article(what)} {what}: give the path of a file"
    except NotARegularFile:
        message = (
            f"is not a regular file (a named pipe, a device or a socket), which could keep the "
            f"command waiting: save the {what} to a file, or give it on stdin as -"
        )
    except PermissionError:
        message = f"cannot read the {what} (permission denied): check its permissions"
    except OSError as exc:  # a name too long, a loop of symbolic links...
        message = f"cannot read the {what} ({exc.strerror}): check the path"
    raise MlcareerError(Problem(message, label))


def too_large(what: str, max_bytes: int, label: str) -> Problem:
    """A file larger than its kind's cap (``what``: "taxonomy", "assignment", ...)."""
    return Problem(
        f"the {what} is larger than {_size(max_bytes)}, which no real {what} needs: check "
        "that this is the right file",
        label,
    )


def read_text(source: str | Path, *, max_bytes: int, what: str) -> tuple[str, str]:
    """Return ``(label, text)`` for a path or ``-`` (stdin), refusing what is not sane text.

    ``what`` names the kind of file in messages ("taxonomy", "answers file").
    """
    if str(source) == "-":
        label = "<stdin>"
        raw = read_capped(sys.stdin.buffer, max_bytes)
    else:
        label = str(source)
        raw = _read_regular_file(Path(source), label, max_bytes, what)
    if len(raw) > max_bytes:
        raise MlcareerError(too_large(what, max_bytes, label))
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
        column = offset - text.rfind("\n", 0, offset)
        # Said for every kind of file read here (YAML, and the roster's CSV).
        raise MlcareerError(
            Problem(
                f"the {what} holds a NUL character, which no text file has: check that this "
                f"is the right file, and save the {what} again as plain text",
                label,
                line,
                column,
            )
        )
    return label, text


@dataclass
class _Frame:
    """A list or mapping being filled, from its start event to its end event."""

    container: list[Any] | dict[Any, Any]
    path: Path_
    anchor: str | None
    start_mark: Any
    size: int = 1  # values it holds, itself included, with aliases expanded
    key: Any = None  # of a mapping: the key read, while its value is awaited
    has_key: bool = False


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


class _DocumentBuilder:
    """Plain data and its positions, built from the parser's events, one method per kind."""

    def __init__(self, label: str, text: str, resolve: Any) -> None:
        import yaml
        from yaml.constructor import ConstructorError, SafeConstructor

        self.doc = Document(label, None, text)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # finished values and their sizes
        self.anchor_lines: dict[str, int] = {}  # every anchor met, finished or not
        self.total = 0  # values so far, aliases expanded
        self.aliased = 0  # of them, the values aliases repeat
        self.documents = 0
        self._resolve = resolve
        self._scalar_node = yaml.ScalarNode
        self._constructor = SafeConstructor()
        self._constructor_errors = (ConstructorError, *_SCALAR_CONSTRUCTOR_ERRORS)

    def fail(self, message: str, mark: Any) -> MlcareerError:
        line, col = _mark(mark)
        return MlcareerError(Problem(message, self.doc.file, line, col))

    def _refuse_tag(self, tag: str | None, mark: Any) -> MlcareerError:
        return self.fail(
            f"the tag {_short_tag(tag)} is not allowed: this file may hold only plain data "
            "(remove the tag)",
            mark,
        )

    def start_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(
                "the file holds more than one YAML document (a second '---'): keep only one",
                event.start_mark,
            )

    def scalar(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolve(self._scalar_node, event.value, event.implicit)
        if tag not in _PLAIN_SCALAR_TAGS:
            if event.tag is None:  # no tag written: "<<" resolves to !!merge, "=" to !!value
                raise self.fail(
                    f"the plain value {event.value!r} reads as YAML's {_short_tag(tag)}, which "
                    "is not allowed here: quote it to mean the text",
                    event.start_mark,
                )
            raise self._refuse_tag(event.tag, event.start_mark)
        self._note_anchor(event)
        node = self._scalar_node(tag, event.value, event.start_mark, event.end_mark)
        constructor = self._constructor
        try:
            value = constructor.yaml_constructors[tag](constructor, node)
        except self._constructor_errors:
            raise self.fail(_unreadable_scalar(event.value, tag), event.start_mark) from None
        if tag == "tag:yaml.org,2002:timestamp":
            value = event.value  # dates stay text: no field here is a date
        self._add(value, 1, event.start_mark, event.anchor, new=1)

    def start_list(self, event: Any) -> None:
        self._open(event, [], _SEQ_TAG)

    def start_mapping(self, event: Any) -> None:
        self._open(event, {}, _MAP_TAG)

    def _open(self, event: Any, container: list[Any] | dict[Any, Any], own_tag: str) -> None:
        if event.tag not in (None, "!", own_tag):
            raise self._refuse_tag(event.tag, event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                f"the data is nested more than {MAX_DEPTH} levels deep: flatten it",
                event.start_mark,
            )
        self._note_anchor(event)
        path = self._child_path(event.start_mark)
        self.stack.append(_Frame(container, path, event.anchor, event.start_mark))

    def end_container(self, event: Any) -> None:
        frame = self.stack.pop()
        # What it holds was counted as it was added; the container itself counts once.
        self._add(frame.container, frame.size, frame.start_mark, frame.anchor, new=1)

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            if event.anchor in self.anchor_lines:
                raise self.fail(
                    f"the alias *{event.anchor} is inside the list or mapping it refers to: "
                    "data here cannot contain itself",
                    event.start_mark,
                )
            raise self.fail(
                f"unknown alias *{event.anchor}: define the anchor first", event.start_mark
            )
        value, size = self.anchors[event.anchor]
        self.aliased += size
        self._add(value, size, event.start_mark, None, new=size)

    def _note_anchor(self, event: Any) -> None:
        """Refuse an anchor given twice, as PyYAML does: an alias would be ambiguous."""
        if event.anchor is None:
            return
        if event.anchor in self.anchor_lines:
            first = self.anchor_lines[event.anchor]
            raise self.fail(
                f"the anchor &{event.anchor} is already defined on line {first}: "
                "give this one another name",
                event.start_mark,
            )
        self.anchor_lines[event.anchor] = _mark(event.start_mark)[0]

    def _child_path(self, mark: Any) -> Path_:
        """The path of the value that starts at ``mark``, in the innermost open container."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if not top.has_key:
            raise self.fail("a key must be plain text or a number, not a list or mapping", mark)
        return (*top.path, top.key)

    def _add(self, value: Any, size: int, mark: Any, anchor: str | None, *, new: int) -> None:
        """Put a finished value into its container: an item, a key, or a key's value.

        ``size`` is the values it stands for, itself included; ``new`` those not counted yet.
        """
        if anchor:
            self.anchors[anchor] = (value, size)
        self.total += new
        if self.total > MAX_VALUES:
            if self.aliased > self.total // 2:
                message = (
                    f"the document expands to more than {MAX_VALUES:,} values through its "
                    "aliases (aliases that refer to aliases?): write the data out plainly"
                )
            else:
                message = (
                    f"the document holds more than {MAX_VALUES:,} values, far more than any "
                    "real file needs: check that this is the right file"
                )
            raise self.fail(message, mark)
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            self.doc.value_marks[(*top.path, len(top.container))] = _mark(mark)
            top.container.append(value)
            top.size += size
        elif not top.has_key:
            if not isinstance(value, Hashable) or isinstance(value, (list, dict)):
                raise self.fail("a key must be plain text or a number, not a list or mapping", mark)
            if value in top.container:
                first = self.doc.key_marks.get((*top.path, value), (0, 0))[0]
                raise self.fail(
                    f"duplicate key {value!r} (first given on line {first}): keep only one", mark
                )
            top.key, top.has_key = value, True
            # Record the key now so a later duplicate can point back at it.
            self.doc.key_marks[(*top.path, value)] = _mark(mark)
        else:
            self.doc.value_marks[(*top.path, top.key)] = _mark(mark)
            top.container[top.key] = value
            top.size += size
            top.has_key = False


def parse_yaml(text: str, label: str) -> Document:
    """Parse one YAML document into plain data (dict, list, str, int, float, bool, None)."""
    # Imported here: a scripted run whose taxonomy is cached never needs PyYAML.
    import yaml
    from yaml import events

    # One parser everywhere: libyaml's. PyYAML's own pure-Python parser reads some files
    # differently (it stops a plain value at `?` inside { }, so `{question: What is it?}` is
    # text to libyaml and a syntax error to it), and a course file must not be valid for the
    # instructor and broken for a student. It is also thirty times slower.
    Loader = getattr(yaml, "CSafeLoader", None)
    if Loader is None:
        raise MlcareerError(
            "this PyYAML was built without libyaml, the YAML parser mlcareer reads every file "
            "with (so that a file reads the same everywhere): reinstall PyYAML from a wheel, "
            "e.g. pip install --force-reinstall --only-binary pyyaml pyyaml"
        )

    loader = Loader(text)
    builder = _DocumentBuilder(label, text, loader.resolve)
    handlers = {
        events.DocumentStartEvent: builder.start_document,
        events.ScalarEvent: builder.scalar,
        events.SequenceStartEvent: builder.start_list,
        events.MappingStartEvent: builder.start_mapping,
        events.SequenceEndEvent: builder.end_container,
        events.MappingEndEvent: builder.end_container,
        events.AliasEvent: builder.alias,
    }
    try:
        while True:
            try:
                event = loader.get_event()
            except yaml.YAMLError as exc:
                raise _syntax_error(exc, label) from None
            if event is None or isinstance(event, events.StreamEndEvent):
                break
            handle = handlers.get(type(event))
            if handle is not None:  # stream start and document end carry nothing
                handle(event)
    finally:
        loader.dispose()
    builder.doc.value_marks.setdefault((), (1, 1))
    return builder.doc


def _syntax_error(exc: Any, label: str) -> MlcareerError:
    """The error for what PyYAML's parser refused, at the place where the syntax breaks."""
    import yaml

    if not isinstance(exc, yaml.MarkedYAMLError):
        return MlcareerError(Problem(f"YAML error: {exc}", label))
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (None, None)
    reason = exc.problem or "the YAML is malformed"
    if "nesting depth" in reason:  # libyaml's own limit, deeper than ours
        message = f"the data is nested more than {MAX_DEPTH} levels deep: flatten it"
    else:
        message = f"YAML syntax error: {reason}: fix the syntax there"
    return MlcareerError(Problem(message, label, line, col))


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
