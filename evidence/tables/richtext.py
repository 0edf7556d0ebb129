"""Reference entries as styled runs (text + italic/bold + link), whichever rendering they came in.

The citation formatter gives each entry as HTML and as Markdown. Rather than pass its HTML through
to other documents, every format rebuilds the entry from runs: Word gets italic runs and hyperlinks,
LaTeX ``\\emph``, HTML only tags we write ourselves. Markup outside a small allowlist is reduced to its
text, so an entry can never inject a script or a ``javascript:`` link into an export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from urllib.parse import urlsplit

from evidence.tables.model import ReferenceEntry


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    italic: bool = False
    bold: bool = False
    href: str | None = None  # only http(s) links survive


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) link without whitespace or control characters."""
    if not url:
        return None
    url = url.strip()
    if re.search(r"[\s\x00-\x1f\x7f\"<>\\]", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _merge(runs: list[Run]) -> list[Run]:
    """Collapse whitespace as HTML does, drop empty runs and join neighbours with equal style."""
    out: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if out and (out[-1].text.endswith(" ") or not out[-1].text) and text.startswith(" "):
            text = text[1:]
        if not out and text.startswith(" "):
            text = text.lstrip(" ")
        if not text:
            continue
        run = replace(run, text=text)
        last = out[-1] if out else None
        if last and (last.italic, last.bold, last.href) == (run.italic, run.bold, run.href):
            out[-1] = replace(last, text=last.text + run.text)
        else:
            out.append(run)
    if out and out[-1].text.endswith(" "):
        stripped = out[-1].text.rstrip(" ")
        out[-1] = replace(out[-1], text=stripped)
        if not stripped:
            out.pop()
    return out


class _RunParser(HTMLParser):
    _ITALIC = frozenset({"i", "em", "cite"})
    _BOLD = frozenset({"b", "strong"})
    _SKIP = frozenset({"script", "style", "template", "iframe", "object", "noscript"})
    _VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[Run] = []
        self._stack: list[tuple[str, dict[str, object]]] = []
        self._skip = 0

    def _style(self) -> dict[str, object]:
        style: dict[str, object] = {"italic": False, "bold": False, "href": None}
        for _tag, change in self._stack:
            style.update(change)
        return style

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
            return
        if tag in self._VOID:
            if tag == "br":
                self.handle_data(" ")
            return
        change: dict[str, object] = {}
        values = {k: v or "" for k, v in attrs}
        css = values.get("style", "").replace(" ", "").lower()
        if tag in self._ITALIC or "font-style:italic" in css:
            change["italic"] = True
        if "font-style:normal" in css:
            change["italic"] = False  # CSL flips italics inside italics this way
        if tag in self._BOLD or "font-weight:bold" in css:
            change["bold"] = True
        if tag == "a":
            change["href"] = safe_href(values.get("href"))
        self._stack.append((tag, change))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
            return
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        style = self._style()
        self.runs.append(Run(data, bool(style["italic"]), bool(style["bold"]), style["href"]))  # type: ignore[arg-type]


def runs_from_html(html: str) -> list[Run]:
    parser = _RunParser()
    parser.feed(html)
    parser.close()
    return _merge(parser.runs)


_MD_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(\s*<?(https?://[^\s()<>]+)>?\s*\)")


def _md_spans(text: str, italic: bool, bold: bool, href: str | None, literal_stars: bool) -> list[Run]:
    runs: list[Run] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), italic, bold, href))
            buf.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _MD_PUNCT:
            buf.append(text[i + 1])
            i += 2
            continue
        if href is None and ch == "<" and (m := _AUTOLINK.match(text, i)):
            flush()
            runs.append(Run(m.group(1), italic, bold, safe_href(m.group(1))))
            i = m.end()
            continue
        if href is None and ch == "[" and (m := _LINK.match(text, i)):
            flush()
            runs.extend(_md_spans(m.group(1), italic, bold, safe_href(m.group(2)), literal_stars))
            i = m.end()
            continue
        if ch == "*" and not literal_stars:
            width = 2 if text.startswith("**", i) else 1
            is_open = bold if width == 2 else italic
            before = text[i - 1] if i else " "
            after = text[i + width] if i + width < len(text) else " "
            # CommonMark flanking: an opener is followed by text, a closer follows text
            if after.isspace() if not is_open else before.isspace():
                buf.append(text[i : i + width])
                i += width
                continue
            flush()
            if width == 2:
                bold = not bold
            else:
                italic = not italic
            i += width
            continue
        buf.append(ch)
        i += 1
    flush()
    if (italic or bold) and not literal_stars:
        raise ValueError("unbalanced emphasis")
    return runs


def runs_from_markdown(markdown: str) -> list[Run]:
    """Pandoc/GFM inline Markdown: ``*italic*``, ``**bold**``, backslash escapes and links."""
    try:
        runs = _md_spans(markdown, False, False, None, literal_stars=False)
    except ValueError:  # a lone '*' that was not escaped: read stars as text
        runs = _md_spans(markdown, False, False, None, literal_stars=True)
    return _merge(runs)


_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def _autolink(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if run.href:
            out.append(run)
            continue
        pos = 0
        for m in _URL_IN_TEXT.finditer(run.text):
            href = safe_href(m.group(0))
            if href is None:
                continue
            if m.start() > pos:
                out.append(replace(run, text=run.text[pos : m.start()]))
            out.append(replace(run, text=m.group(0), href=href))
            pos = m.end()
        if pos < len(run.text):
            out.append(replace(run, text=run.text[pos:]))
    return out


def reference_runs(entry: ReferenceEntry) -> list[Run]:
    """The entry as runs: from its HTML, else its Markdown, else its plain text; URLs linked."""
    if entry.html and entry.html.strip():
        runs = runs_from_html(entry.html)
    elif entry.markdown and entry.markdown.strip():
        runs = runs_from_markdown(entry.markdown)
    else:
        runs = _merge([Run(entry.text or "")])
    return _autolink(runs)
