"""Reading users' bibliography files as text, whatever encoding they were saved in.

Files arrive as UTF-8 (with or without a byte order mark), as UTF-16 from Windows tools, and as
Windows-1252 / Latin-1 from older EndNote and reference-manager exports. The rule that matters most
is the one users never see: a file is decoded once, correctly, or not at all. Decoding UTF-8 bytes as
Windows-1252 gives mojibake ("MÃ¼ller") that then spreads through the database and every export,
so:

1. A byte order mark decides (UTF-8, UTF-16, UTF-32).
2. Text that is valid UTF-8 is UTF-8, always. A file that was double-encoded before it reached us
   ("MÃ¼ller" stored as UTF-8) is valid UTF-8 and comes back exactly as it is: repairing it would
   be a guess.
3. UTF-16 without a byte order mark, when zero bytes sit at every other position.
4. Otherwise Windows-1252 (of which Latin-1 text is a subset in practice: Latin-1's 0x80-0x9F are
   control characters no real text contains), but only when every byte decodes, the file holds no
   valid UTF-8 multi-byte sequence (a UTF-8 file with a few broken bytes must not be decoded as
   Windows-1252), no control characters, none of the letter-symbol mixes that another code page
   read as Windows-1252 produces (``_WRONG_CODE_PAGE``), and charset-normalizer's mess detector,
   restricted to Windows-1252, finds the result reads as text. We do not let charset-normalizer
   choose among its ninety code pages: on short bibliographic files it picks Windows-1250 or a
   DOS code page for Windows-1252 text, and a wrong pick is silent mojibake. Refusing a file
   costs the user one "save as UTF-8"; accepting a wrong guess costs a corrupted database.
5. Anything else is refused with the line of the first byte we could not read, and the advice to
   save the file as UTF-8.

Newlines come back as ``\\n`` whatever the file used (CRLF from Windows, CR from classic Mac).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from evidence.errors import InvalidInput, Problem

CANNOT_DECODE = "cannot tell the file's text encoding; save it as UTF-8 and import again"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A well-formed UTF-8 multi-byte sequence (overlongs and surrogates excluded), as bytes.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Control characters that never occur in a text file (tab, LF, FF and CR do; so does a trailing
# DOS end-of-file mark, ^Z, which we drop).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _cp1252_chars(*categories: str) -> str:
    upper_half = bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")
    return "".join(c for c in upper_half if unicodedata.category(c).startswith(categories))


# What text from another single-byte code page looks like when read as Windows-1252, and genuine
# Windows-1252 text practically never has: a symbol inside a word or opening one ("Wroc³aw",
# "£ukasz" from Windows-1250), a capital after or inside small letters ("cafŽ", "MŸller" from Mac
# Roman). charset-normalizer's mess detector lets these through on short files.
_SYMBOLS = re.escape(_cp1252_chars("S", "No"))
_CAPITALS = re.escape(_cp1252_chars("Lu"))
_LOWER = "a-zß-öø-ÿ"
_WRONG_CODE_PAGE = re.compile(
    rf"(?<=[^\W\d_])[{_SYMBOLS}](?=[^\W\d_])"  # a symbol between letters
    rf"|(?<![^\W\d_])[{_SYMBOLS}](?=[{_LOWER}])"  # a symbol opening a word
    rf"|(?<=[{_LOWER}])[{_CAPITALS}]"  # a capital after a small letter
    rf"|(?<=[^\W\d_])[{_CAPITALS}](?=[{_LOWER}])"  # a capital inside a word
)


def decode(data: bytes, source: str) -> str:
    """The text of a file's bytes, without a byte order mark and with newlines as ``\\n``;
    :class:`InvalidInput` if it cannot be read with confidence (see the module docstring)."""
    text = _decode(data, source)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\x1a")


def read_text(path: Path | str) -> str:
    """The decoded text of the file at ``path``."""
    return decode(Path(path).read_bytes(), str(path))


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _refuse(source, data, len(bom) + exc.start) from None

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if "\x00" in text:  # valid UTF-8, but a binary file (or UTF-16 we could not recognise)
            raise _refuse(source, data, data.index(b"\x00"))
        return text

    if _UTF8_MULTIBYTE.search(data):
        # Some of the file is UTF-8 and some is not: decoding it as Windows-1252 would turn every
        # accented letter in the UTF-8 part into mojibake.
        raise _refuse(source, data, first_bad)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: not text in Windows-1252
        raise _refuse(source, data, first_bad) from None
    if _BINARY.search(text.rstrip("\x1a")) or _WRONG_CODE_PAGE.search(text) or not _reads_as_cp1252(data):
        raise _refuse(source, data, first_bad)
    return text


def _reads_as_cp1252(data: bytes) -> bool:
    from charset_normalizer import from_bytes  # imported here: it loads its tables on import

    return len(from_bytes(data, cp_isolation=["cp1252"])) > 0


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte order mark (some Windows tools write it): most code units of
    Latin-script text have a zero high byte, so zeros sit at every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        encoding = "utf-16-le"
    elif even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _BINARY.search(text) else text


def _refuse(source: str, data: bytes, offset: int) -> InvalidInput:
    line = data.count(b"\n", 0, offset) + 1
    return InvalidInput([Problem(CANNOT_DECODE, source=source, line=line)])
