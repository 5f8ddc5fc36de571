"""Fast structuring of stored events: one generated function per attrs class.

Reading the log structures every stored event, so structuring is the hot path of every
rebuild. The library converter (``_converter.converter``) stays the reference. For each
attrs class this module writes a plain function that follows the converter's own hook
for each field's type, where it is one of those it knows (text, numbers, literals,
optional values, homogeneous tuples, frozensets, attrs classes as cattrs generates them,
and ``_converter``'s hooks of dates, ``Due`` and the tagged ``Event`` of a correction).
The function either returns what ``converter.structure(data, cls)`` returns, or raises:
it is stricter than the converter, never more lenient (a number stored where text is
expected, or a string where a list is expected, is left to the converter). A caller
that gets an exception structures the same data again with the converter, which gives
the value or the error it always gave; ``GovernanceMapper.to_domain_event`` does that.

A class with a field whose hook is not one of those is structured by the converter
alone, so a hook added to ``_converter`` is never bypassed. ``generated`` tells which;
``tests/unit/test_decoding.py`` checks that every event type is generated and that both
ways agree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import count
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

import attrs
from cattrs import BaseConverter

from governance.domain.values import Due
from governance.store._converter import (
    _EVENTS_BY_NAME,
    StructureEvent,
    converter,
    structure_date,
    structure_datetime,
    structure_due,
)

T = TypeVar("T")

#: Structures the stored (unstructured) fields of one class.
Structure = Callable[[Any], Any]

_NONE_TYPE = type(None)
_SCALARS = (str, int, float, bool)
#: cattrs' own hooks that the generated code mirrors.
_CALL = BaseConverter._structure_call
_LITERAL = BaseConverter._structure_simple_literal
_OPTIONAL = BaseConverter._structure_optional
_TUPLE = BaseConverter._structure_tuple
_FROZENSET = BaseConverter._structure_frozenset
_GENERATED_BY_CATTRS = "<cattrs generated structure "


class Unsupported(Exception):  # noqa: N818 (not an error: a reason to use the converter)
    """A type whose structuring this module does not mirror."""


class Rejected(Exception):  # noqa: N818 (caught by ``structure``: left to the converter)
    """Stored data the generated code does not accept as it is."""


def structurer(cls: type[Any]) -> Structure:
    """The fast structure function of an attrs class (made on first use, then kept).

    It raises on any data it does not accept; see the module's docstring.
    """
    function = _STRUCTURERS.get(cls)
    if function is None:
        with _LOCK:
            function = _STRUCTURERS.get(cls)
            if function is None:
                function = _STRUCTURERS[cls] = _Generator().function(cls)
    return function


def generated(cls: type[Any]) -> bool:
    """Whether ``cls`` has a generated function (False: the converter structures it)."""
    return not isinstance(structurer(cls), _ByConverter)


_STRUCTURERS: dict[type[Any], Structure] = {}
_LOCK = threading.RLock()
#: Classes whose function is being written (a class that refers to itself).
_BUILDING: set[type[Any]] = set()


class _ByConverter:
    """The structure function of a class with a type this module does not mirror."""

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls

    def __call__(self, data: Any) -> Any:
        return converter.structure(data, self.cls)


class _EventsByName(dict[str, Structure]):
    """Structure functions of the event types by name, as ``StructureEvent`` finds them."""

    def __missing__(self, name: str) -> Structure:
        function = structurer(_EVENTS_BY_NAME[name])
        self[name] = function
        return function


_EVENTS = _EventsByName()


def _structure_event(value: Any) -> Any:
    """An event inside an event (``{"type": ..., "event": {...}}``), as ``StructureEvent``
    reads it: the wrapper's other keys are ignored, and there is no upcasting."""
    return _EVENTS[value["type"]](value["event"])


def _lazy(cls: type[Any]) -> Structure:
    """Looks up ``cls``'s function when called (for a class whose function is still
    being written)."""

    def function(value: Any) -> Any:
        return structurer(cls)(value)

    return function


def _hook(hint: Any) -> Any:
    """The converter's structure hook of ``hint``, as a plain function where it is a method
    of the converter."""
    try:
        hook: Any = converter.get_structure_hook(hint)
    except Exception as error:
        raise Unsupported(hint) from error
    if getattr(hook, "__self__", None) is converter:
        return hook.__func__
    return hook


def _generated_by_cattrs(hook: Any, cls: type[Any]) -> bool:
    code = getattr(hook, "__code__", None)
    return (
        attrs.has(cls)
        and code is not None
        and code.co_filename.startswith(_GENERATED_BY_CATTRS)
        and code.co_name == f"structure_{cls.__name__}"
    )


def plain_init(cls: type[Any]) -> bool:
    """Whether ``cls(**fields)`` only sets its instance's ``__dict__`` to the fields, in
    order: an attrs ``__init__`` of a class with a ``__dict__``, without validators,
    converters or pre- and post-init hooks. A call with a marker for each field checks."""
    init = getattr(cls.__init__, "__code__", None)
    new: Any = cls.__new__
    fields = attrs.fields(cls)
    if (
        init is None
        or not init.co_filename.startswith("<attrs generated")
        or new is not object.__new__
        or "__slots__" in cls.__dict__
        or hasattr(cls, "__attrs_pre_init__")
        or hasattr(cls, "__attrs_post_init__")
        or any(field.validator is not None or field.converter is not None for field in fields)
    ):
        return False
    markers = {field.name: object() for field in fields}
    try:
        instance = cls(**markers)
        state = instance.__dict__
    except Exception:
        return False
    return (
        type(state) is dict
        and list(state) == list(markers)
        and all(state[name] is marker for name, marker in markers.items())
    )


class _Generator:
    """Writes the source of one class's structure function."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "Rejected": Rejected,
            "_date": date.fromisoformat,
            "_datetime": datetime.fromisoformat,
            "_Due": Due,
            "_next_meeting": Due.next_meeting,
            "_event": _structure_event,
            "_new": object.__new__,
            "_set_dict": object.__setattr__,
        }
        self._names = count()
        self._literals: dict[frozenset[str], str] = {}

    def name(self, value: Any, prefix: str) -> str:
        """A new global name of the generated code for ``value``."""
        name = f"_{prefix}{next(self._names)}"
        self.namespace[name] = value
        return name

    def define(self, source: str, name: str) -> Structure:
        """Compiles ``source`` into the namespace; the function it defines as ``name``."""
        exec(compile(source, f"<governance structure {name}>", "exec"), self.namespace)
        function: Structure = self.namespace[name]
        return function

    def function(self, cls: type[Any]) -> Structure:
        _BUILDING.add(cls)
        try:
            # Only where the converter would structure ``cls`` by cattrs' generated hook
            # (``Event`` itself is read as a tagged event, ``Due`` from text).
            if not _generated_by_cattrs(_hook(cls), cls):
                raise Unsupported(cls)
            source = "\n".join(self.source(cls))
        except Unsupported:
            return _ByConverter(cls)
        finally:
            _BUILDING.discard(cls)
        return self.define(source, f"structure_{cls.__name__}")

    def source(self, cls: type[Any]) -> Iterator[str]:
        """The function: as cattrs' generated one with ``forbid_extra_keys``, where a key
        left out takes the field's default."""
        if not attrs.has(cls) or get_args(cls) or get_origin(cls) is not None:
            raise Unsupported(cls)
        try:
            hints = get_type_hints(cls)
        except Exception as error:
            raise Unsupported(cls) from error
        fields = attrs.fields(cls)
        for field in fields:
            if (
                not field.init
                or field.alias != field.name
                or field.converter is not None
                or isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
                or field.name not in hints
            ):
                raise Unsupported(cls)
        cls_name = self.name(cls, "cls")
        defaults = {
            field.name: self.name(field.default, "default")
            for field in fields
            if field.default is not attrs.NOTHING
        }
        yield f"def structure_{cls.__name__}(o):"
        # Every field stored, as the mapper stores them: no keys to count.
        yield f"  if len(o) == {len(fields)}:"
        if not fields:
            yield "    pass"
        for number, field in enumerate(fields):
            yield f"    a{number} = o[{field.name!r}]"
            yield from self.value(hints[field.name], f"a{number}", "    ")
        # Some fields left out (stored before they were added): count the keys known.
        yield "  else:"
        yield f"    n = {len(fields) - len(defaults)}"
        for number, field in enumerate(fields):
            if field.name not in defaults:
                yield f"    a{number} = o[{field.name!r}]"
                yield from self.value(hints[field.name], f"a{number}", "    ")
                continue
            yield f"    if {field.name!r} in o:"
            yield "      n += 1"
            yield f"      a{number} = o[{field.name!r}]"
            yield from self.value(hints[field.name], f"a{number}", "      ")
            yield "    else:"
            yield f"      a{number} = {defaults[field.name]}"
        yield "    if len(o) != n:"
        yield "      raise Rejected('unknown keys')"
        if plain_init(cls):
            # What the class's __init__ does, without the call (as eventsourcing does).
            items = ", ".join(f"{field.name!r}: a{number}" for number, field in enumerate(fields))
            yield f"  r = _new({cls_name})"
            yield f"  _set_dict(r, '__dict__', {{{items}}})"
            yield "  return r"
            return
        arguments = ", ".join(
            f"a{number}" if not field.kw_only else f"{field.name}=a{number}"
            for number, field in enumerate(fields)
        )
        yield f"  return {cls_name}({arguments})"

    def value(self, hint: Any, var: str, indent: str) -> Iterator[str]:
        """Lines that replace the stored value in ``var`` by its structured value, as the
        converter's hook of ``hint`` would."""
        function = self.call(hint)
        if function is not None:
            yield f"{indent}{var} = {function}({var})"
            return
        hook = _hook(hint)
        arguments = get_args(hint)
        if hook is _CALL and hint in _SCALARS:
            yield f"{indent}if {var}.__class__ is not {hint.__name__}:"
            yield f"{indent}  raise Rejected({var})"
        elif hook is structure_due:
            yield (
                f"{indent}{var} = _next_meeting() if {var} == 'next_meeting' "
                f"else _Due(_date({var}))"
            )
        elif hook is _LITERAL:
            yield f"{indent}if {var} not in {self.literal(hint)}:"
            yield f"{indent}  raise Rejected({var})"
        elif hook is _OPTIONAL:
            others = [argument for argument in arguments if argument is not _NONE_TYPE]
            if len(arguments) != 2 or len(others) != 1:
                raise Unsupported(hint)
            yield f"{indent}if {var} is not None:"
            yield from self.value(others[0], var, indent + "  ")
        elif hook is _TUPLE and len(arguments) == 2 and arguments[1] is Ellipsis:
            yield from self.collection(arguments[0], "tuple", var, indent)
        elif hook is _FROZENSET and len(arguments) == 1:
            yield from self.collection(arguments[0], "frozenset", var, indent)
        else:
            raise Unsupported(hint)

    def call(self, hint: Any) -> str | None:
        """The name of a function that structures a value of ``hint`` on its own, if any."""
        hook = _hook(hint)
        if hook is structure_date:
            return "_date"
        if hook is structure_datetime:
            return "_datetime"
        if isinstance(hook, StructureEvent) and hook.converter is converter:
            return "_event"
        if isinstance(hint, type) and _generated_by_cattrs(hook, hint):
            function = _lazy(hint) if hint in _BUILDING else structurer(hint)
            return self.name(function, "structure")
        return None

    def literal(self, hint: Any) -> str:
        """The name of the set of a literal's values (text only)."""
        values = get_args(hint)
        if not all(type(value) is str for value in values):
            raise Unsupported(hint)
        key = frozenset(values)
        if key not in self._literals:
            self._literals[key] = self.name(key, "literal")
        return self._literals[key]

    def collection(self, element: Any, kind: str, var: str, indent: str) -> Iterator[str]:
        """A JSON list read as a ``tuple[element, ...]`` or ``frozenset[element]``."""
        yield f"{indent}if {var}.__class__ is not list:"
        yield f"{indent}  raise Rejected({var})"
        function = self.call(element)
        hook = _hook(element) if function is None else None
        if hook is _CALL and element in _SCALARS:
            yield f"{indent}{var} = {kind}({var})"
            yield f"{indent}for e in {var}:"
            yield f"{indent}  if e.__class__ is not {element.__name__}:"
            yield f"{indent}    raise Rejected(e)"
        elif hook is _LITERAL:
            literal = self.literal(element)
            yield f"{indent}for e in {var}:"
            yield f"{indent}  if e not in {literal}:"
            yield f"{indent}    raise Rejected(e)"
            yield f"{indent}{var} = {kind}({var})"
        else:
            if function is None:
                function = f"_element{next(self._names)}"
                lines = [f"def {function}(e):", *self.value(element, "e", "  "), "  return e"]
                self.define("\n".join(lines), function)
            yield f"{indent}{var} = {kind}(map({function}, {var}))"
