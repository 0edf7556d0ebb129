"""BibTeX name lists: ``author = {van Beek, Gijs and {Nederlands Jeugdinstituut} and others}``.

Names are split and parted on the raw LaTeX, before any decoding, because the braces carry meaning
there: ``{Nederlands Jeugdinstituut}`` is one organisation, not a given name and a family name, and
``{\\'E}douard`` is one word whose case is that of its letter. The rules are BibTeX's own (as in
"Tame the BeaST"): "First von Last", "von Last, First" and "von Last, Jr, First"; the von part is
the run of words that start with a lower-case letter.

``others`` (BibTeX's "et al.") is kept as ``Name(literal="others")`` so that an export gives it back
and a citation formatter can render it as "et al."; :data:`OTHERS` names that marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from evidence.records import Name

__all__ = ["OTHERS", "format_name", "parse_names", "split_names"]

#: The literal that stands for BibTeX's ``and others`` (et al.).
OTHERS = "others"

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_AND_OR_BRACE = re.compile(r"(?<!\\)[{}]|\s+and\s+", re.IGNORECASE)
_COMMA_OR_BRACE = re.compile(r"(?<!\\)[{}]|,")
_SPACE_OR_BRACE = re.compile(r"(?<!\\)[{}]|[\s~]+")
_CONTROL = re.compile(r"\\([A-Za-z]+|.)")


def split_names(value: str) -> list[str]:
    """Split a name list on ``and`` outside braces (``{Barnes and Noble}`` is one name)."""
    parts = _AND.split(value)
    if "{" in value and any(p.count("{") != p.count("}") for p in parts):
        # an "and" inside braces: split again, counting depth
        parts, depth, start = [], 0, 0
        for m in _AND_OR_BRACE.finditer(value):
            token = m.group()
            if token == "{":
                depth += 1
            elif token == "}":
                depth = max(depth - 1, 0)
            elif depth == 0:
                parts.append(value[start : m.start()])
                start = m.end()
        parts.append(value[start:])
    return [p for p in (part.strip() for part in parts) if p]


def _split_top(text: str, pattern: re.Pattern[str], keep_empty: bool) -> list[str]:
    """Split on ``pattern``'s separators at brace depth 0."""
    pieces, depth, start = [], 0, 0
    for m in pattern.finditer(text):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    pieces = [p.strip() for p in pieces]
    return pieces if keep_empty else [p for p in pieces if p]


def _words(text: str) -> list[str]:
    return _split_top(text, _SPACE_OR_BRACE, keep_empty=False)


def _is_lower(word: str) -> bool:
    """BibTeX's test for a von word: its first letter at brace depth 0 is lower case.

    A brace group that starts with a backslash is a "special character" and counts by its letter
    (``{\\'e}`` is lower case, ``{\\AE}`` upper); other brace groups have no case.
    """
    first = word[:1]
    if first.isalpha():
        return first.islower()
    depth, i, n = 0, 0, len(word)
    while i < n:
        char = word[i]
        if char == "{":
            if depth == 0 and word.startswith("\\", i + 1):
                m = _CONTROL.match(word, i + 1)
                name = m.group(1) if m else ""
                if (name.isalpha() and len(name) > 1) or name in ("o", "O", "l", "L", "i", "j"):
                    return name[0].islower()
                for later in word[i + 1 + (m.end() - m.start() if m else 1) :]:
                    if later.isalpha():
                        return later.islower()
                return False
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if char.isalpha():
                return char.islower()
            if char == "\\":
                m = _CONTROL.match(word, i)
                if m and len(m.group(1)) > 1:  # a command word (\cyrchar): skip it
                    i = m.end()
                    continue
        i += 1
    return False


def _whole_group(text: str) -> bool:
    """True if ``text`` is one brace group from its first to its last character."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for m in re.finditer(r"(?<!\\)[{}]", text):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return m.end() == len(text)
    return False


def parse_name(raw: str, decode: Callable[[str], str]) -> Name:
    """One raw BibTeX name -> :class:`Name`, its parts decoded with ``decode``."""
    raw = raw.strip()
    if raw == OTHERS:
        return Name(literal=OTHERS)
    if _whole_group(raw):
        return Name(literal=decode(raw) or None)
    plain = "{" not in raw  # no groups: the separators can be found without counting braces
    if "," not in raw:
        parts = [raw]
    else:
        parts = [p.strip() for p in raw.split(",")] if plain else _split_top(raw, _COMMA_OR_BRACE, True)
    split_words = str.split if plain and "~" not in raw else _words
    given: list[str] = []
    suffix = ""
    if len(parts) == 1:
        words = split_words(parts[0])
        last = len(words) - 1
        von_start = next((i for i in range(last) if _is_lower(words[i])), None)
        if von_start is None:
            given, von, family = words[:last], [], words[last:]
        else:
            von_end = max(i for i in range(von_start, last) if _is_lower(words[i]))
            given, von, family = words[:von_start], words[von_start : von_end + 1], words[von_end + 1 :]
    else:
        words = split_words(parts[0])
        von_end = max((i for i in range(len(words) - 1) if _is_lower(words[i])), default=-1)
        if von_end >= 0 and not _is_lower(words[0]):
            von_end = -1
        von, family = words[: von_end + 1], words[von_end + 1 :]
        if len(parts) == 2:
            given = [parts[1]]
        else:
            suffix = parts[1]
            given = [", ".join(p for p in parts[2:] if p)]
    return Name(
        family=decode(" ".join(family)) or None,
        given=decode(" ".join(given)) or None,
        particle=decode(" ".join(von)) or None,
        suffix=decode(suffix) or None,
    )


def parse_names(value: str, decode: Callable[[str], str], cache: dict[str, Name]) -> list[Name]:
    """A raw name list -> names. ``cache`` (raw name -> Name) is shared over a file: in a real
    library the same people come back again and again."""
    names = []
    for raw in split_names(value):
        name = cache.get(raw)
        if name is None:
            name = cache[raw] = parse_name(raw, decode)
        names.append(name)
    return names


def _protect(part: str) -> str:
    """Brace a name part that would otherwise be split or re-parted differently when read back."""
    if "," in part or _AND.search(f" {part} ") or any(_is_lower(w) for w in part.split()[1:]):
        return "{" + part + "}"
    if part.split() and _is_lower(part.split()[0]):
        return "{" + part + "}"
    return part


def format_name(name: Name, encode: Callable[[str], str]) -> str:
    """:class:`Name` -> BibTeX: ``van Beek, Jr., Gijs``; organisations braced; ``others`` bare."""
    if name.literal:
        return OTHERS if name.literal == OTHERS else "{" + encode(name.literal) + "}"
    family = _protect(encode(name.family or ""))
    particle = encode(name.particle or "")
    if particle and not all(_is_lower(w) for w in particle.split()):
        head = _protect(f"{particle} {family}".strip())  # "Van": not a von part to BibTeX
    else:
        head = f"{particle} {family}".strip()
    given = encode(name.given or "")
    suffix = encode(name.suffix or "")
    if "," in given:
        given = "{" + given + "}"
    if suffix:
        return f"{head}, {suffix}, {given}"
    if given:
        return f"{head}, {given}"
    if " " in head and not particle:
        return head + ","  # "García Márquez," keeps both words in the family name
    return head
