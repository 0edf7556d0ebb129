"""Decoding users' files: every encoding they arrive in, and never mojibake."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from evidence.errors import InvalidInput
from evidence.formats.textio import CANNOT_DECODE, decode, read_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "encodings"
EXPECTED = (
    "TY  - JOUR\nAU  - Müller, Jürgen\nAU  - Çelik, Ömer\n"
    "TI  - Über „Online-Beratung“ – naïve Erwartungen, Kosten in €\nPY  - 2019\nER  - \n"
)


@pytest.mark.parametrize("name", ["utf8.ris", "utf8-bom.ris", "cp1252.ris", "utf16.ris"])
def test_every_encoding_gives_the_same_text(name: str) -> None:
    assert read_text(FIXTURES / name) == EXPECTED


def test_latin1() -> None:
    text = read_text(FIXTURES / "latin1.ris")
    assert "AU  - Müller, Jürgen\nAU  - Çelik, Ömer\nTI  - Über Online-Beratung: naïve" in text


def test_double_encoded_utf8_stays_as_it_is() -> None:
    # Valid UTF-8 is UTF-8: "repairing" it would be a guess, so it comes back byte for byte.
    data = (FIXTURES / "double-encoded.ris").read_bytes()
    text = read_text(FIXTURES / "double-encoded.ris")
    assert "MÃ¼ller" in text
    assert text == data.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_muller_in_each_encoding(encoding: str) -> None:
    assert decode("AU  - Müller, Jürgen\n".encode(encoding), "x.ris") == "AU  - Müller, Jürgen\n"


def test_utf8_is_never_read_as_cp1252() -> None:
    # "Müller" in UTF-8 is also valid Windows-1252 ("MÃ¼ller"): UTF-8 must win.
    assert decode("Müller".encode(), "x") == "Müller"


def test_utf8_with_a_stray_cp1252_byte_is_refused_at_its_line() -> None:
    with pytest.raises(InvalidInput) as info:
        read_text(FIXTURES / "mixed.ris")
    (problem,) = info.value.problems
    assert problem.message == CANNOT_DECODE
    assert problem.line == 3
    assert problem.source == str(FIXTURES / "mixed.ris")


def test_binary_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        read_text(FIXTURES / "binary.bin")
    assert info.value.problems[0].message == (
        "cannot tell the file's text encoding; save it as UTF-8 and import again"
    )
    assert info.value.problems[0].line == 1


def test_ascii_with_nul_bytes_is_binary() -> None:
    with pytest.raises(InvalidInput) as info:
        decode(b"TY  - JOUR\nTI  - x\n\x00\x00\x00\x01", "f.ris")
    assert info.value.problems[0].line == 3


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("AU  - Dvořák, Łukasz\nCY  - Wrocław\n", "cp1250"),  # "£ukasz", "Wroc³aw" as cp1252
        ("AU  - Müller, Jürgen\nTI  - Le café\n", "mac_roman"),  # "MŸller", "cafŽ"
        ("TI  - 日本語のタイトル\n", "shift_jis"),
        ("TI  - 中文标题测试研究方法\n", "gbk"),
    ],
)
def test_other_code_pages_are_refused_not_guessed(text: str, encoding: str) -> None:
    with pytest.raises(InvalidInput):
        decode(text.encode(encoding), "x.ris")


def test_genuine_cp1252_with_symbols_is_read() -> None:
    text = (
        "AU  - Ørsted, Ærø\nAU  - Šimon, Œuvre\nTI  - ÉCOLE and “quoted” terms in Zürich\n"
        "AB  - Samples were kept at 37°C and measured to 5±1 µm. Costs were £5 per sample; about ½ "
        "of the samples were re-used. © 2019 Elsevier® Ltd. All rights reserved.\n"
    )
    assert decode(text.encode("cp1252"), "x") == text


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_BE + "Müller\r\n".encode("utf-16-be"),
        codecs.BOM_UTF32_LE + "Müller\r\n".encode("utf-32-le"),
        "Müller\r\n".encode("utf-16-le"),  # no byte order mark
        "Müller\r\n".encode("utf-16-be"),
    ],
)
def test_utf16_and_utf32(data: bytes) -> None:
    assert decode(data, "x") == "Müller\n"


def test_newlines_are_normalised() -> None:
    assert decode(b"a\r\nb\rc\nd", "x") == "a\nb\nc\nd"


def test_bom_is_stripped_and_dos_eof_dropped() -> None:
    assert decode(codecs.BOM_UTF8 + b"TY  - JOUR\r\n\x1a", "x") == "TY  - JOUR\n"


def test_a_broken_bom_file_is_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        decode(codecs.BOM_UTF8 + b"ok\nok\n\xff\xfe bad", "x")
    assert info.value.problems[0].line == 3


def test_empty() -> None:
    assert decode(b"", "x") == ""
