"""LaTeX in bibliography fields -> plain Unicode text, and plain text -> LaTeX-safe field values.

BibTeX values carry accents (``{\\"o}``), escaped specials (``\\&``), case-protecting braces
(``{ZnO}``), TeX ligatures (``--``, ``````) and macros (``\\TeX``, ``\\emph{...}``). ``decode`` turns
that into what a reader sees; ``decode_verbatim`` is for URLs and DOIs (only escapes and braces
go); ``encode`` is the way back for text that never was LaTeX.

Decoding is the slow step of a BibTeX import, so it is written for speed rather than completeness:
a value without a backslash, brace, dollar, tilde or ligature returns at once (most values), the
values with only case-protecting braces lose them without further ado, and the rest are tokenised
by one regular expression, interpreted by a small recursive reader and cached. A general
LaTeX-to-text converter is far too slow for this: pylatexenc's ``LatexNodes2Text`` took 3.6 s for
the 12,000 titles of two large real files (tugboat.bib and a Zotero library), seven times the time
bibtexparser needs to split both files; ``decode`` takes 0.06 s for them.

What it does, in TeX's own terms: control words swallow the spaces after them (``\\TeX hax`` is
"TeXhax"); accents combine with the next character or group; braces only group; unknown commands
vanish, but their braced arguments stay, and unknown capitalised commands (``\\XML``, ``\\CTAN``,
logos in TeX-world bibliographies) print their own name; ``~`` and the thin spaces are plain spaces,
so that search and matching treat them as any other space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = ["decode", "decode_verbatim", "encode"]

# Anything that makes a value more than plain text. Values without it skip the reader.
_NEEDS_WORK = re.compile(r"[\\{}$~\t\n\r]|--|``|''|\s\s")
_NEEDS_READER = re.compile(r"[\\$~]|--|``|''")

_VERBATIM_CMD = r"\\(?:path|verb)\*?([^A-Za-z\s{*])(.*?)\1|\\url\s*\{([^{}]*)\}"
_SKIP_CMD = (
    r"\\(?:kern|hskip|vskip|mkern|mskip)\s*-?\s*(?:\d+\.?\d*|\.\d+)\s*"
    r"(?:em|ex|pt|pc|mm|cm|in|bp|dd|cc|sp|mu)"
    r"(?:\s*(?:plus|minus)\s*-?\s*(?:\d+\.?\d*|\.\d+)\s*(?:em|ex|pt|fil+))*\s?"
)
_TOKEN = re.compile(
    rf"{_VERBATIM_CMD}"  # 1, 2: \path|...| ; 3: \url{...}
    rf"|({_SKIP_CMD})"  # 4: glue and kerns, dropped
    r"|\\([A-Za-z]+)(\s*)"  # 5: control word, 6: the spaces TeX swallows after it
    r"|\\(.)"  # 7: control symbol
    r"|([{}$])"  # 8: grouping and math shift
    r"|(---?|``|''|~)"  # 9: ligatures and ties
    r"|(\s+)"  # 10: white space
    r"|([^\\{}$~`'\-\s]+|.)",  # 11: a run of plain text, or one character
    re.DOTALL,
)

_TEXT, _WORD, _SYMBOL, _OPEN, _CLOSE, _MATH, _LIGATURE, _SPACE, _VERB = range(9)

_LIGATURES = {"--": "\u2013", "---": "\u2014", "``": "\u201c", "''": "\u201d", "~": " "}

# Accent commands -> combining characters.
_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
    "t": "\u0361",
    "G": "\u030f",
    "U": "\u030e",
    "textcommabelow": "\u0326",
    "textogonekcentered": "\u0328",
}
# What an accent prints on an empty argument (``\~{}`` is a tilde).
_SPACING_ACCENTS = {
    "\u0300": "`",
    "\u0301": "\u00b4",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "\u00af",
    "\u0308": "\u00a8",
}

_CONTROL_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    "\n": " ",
    "\t": " ",
    "\\": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    "!": "",
    "/": "",
    "-": "",
    "@": "",
    "|": "\u2016",
}

_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ "
    "iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς "
    "tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ "
    "Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω"
)
_CYRILLIC = (
    "А:A Б:B В:V Г:G Д:D Е:E Ж:ZH З:Z И:I Й:ISHRT К:K Л:L М:M Н:N О:O П:P Р:R С:S Т:T У:U Ф:F Х:H "
    "Ц:C Ч:CH Ш:SH Щ:SHCH Ъ:HRDSN Ы:ERY Ь:SFTSN Э:EREV Ю:YU Я:YA Ё:YO"
)

_SYMBOLS: dict[str, str] = {
    # letters
    "ss": "ß",
    "SS": "SS",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "dj": "đ",
    "DJ": "Đ",
    "ng": "ŋ",
    "NG": "Ŋ",
    # text symbols
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotedbl": '"',
    "guillemotleft": "«",
    "guillemotright": "»",
    "guillemetleft": "«",
    "guillemetright": "»",
    "guilsinglleft": "‹",
    "guilsinglright": "›",
    "quotedblbase": "„",
    "quotesinglbase": "‚",
    "textbackslash": "\\",
    "backslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textbraceleft": "{",
    "textbraceright": "}",
    "lbrace": "{",
    "rbrace": "}",
    "textdollar": "$",
    "textsterling": "£",
    "pounds": "£",
    "texteuro": "€",
    "euro": "€",
    "textyen": "¥",
    "textcent": "¢",
    "copyright": "©",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "textdegree": "°",
    "degree": "°",
    "textcelsius": "℃",
    "textmu": "µ",
    "textperiodcentered": "·",
    "textbullet": "•",
    "textdagger": "†",
    "dag": "†",
    "dagger": "†",
    "textdaggerdbl": "‡",
    "ddag": "‡",
    "ddagger": "‡",
    "S": "§",
    "textsection": "§",
    "P": "¶",
    "textparagraph": "¶",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "cdots": "⋯",
    "textasciimacron": "¯",
    "textasciiacute": "´",
    "textasciidieresis": "¨",
    "textordfeminine": "ª",
    "textordmasculine": "º",
    "textonehalf": "½",
    "textonequarter": "¼",
    "textthreequarters": "¾",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "textperthousand": "‰",
    "textnumero": "№",
    "textohm": "Ω",
    "textminus": "−",
    "texttimes": "×",
    "textdiv": "÷",
    "textpm": "±",
    "textrightarrow": "→",
    "textleftarrow": "←",
    "checkmark": "✓",
    "slash": "/",
    "Dash": "—",
    "textvisiblespace": "␣",
    # math
    "times": "×",
    "div": "÷",
    "pm": "±",
    "mp": "∓",
    "cdot": "·",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "∼",
    "simeq": "≃",
    "cong": "≅",
    "equiv": "≡",
    "propto": "∝",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "leftrightarrow": "↔",
    "Rightarrow": "⇒",
    "Leftarrow": "⇐",
    "Leftrightarrow": "⇔",
    "uparrow": "↑",
    "downarrow": "↓",
    "hookrightarrow": "↪",
    "mapsto": "↦",
    "longrightarrow": "⟶",
    "langle": "⟨",
    "rangle": "⟩",
    "ll": "≪",
    "gg": "≫",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "subseteq": "⊆",
    "supset": "⊃",
    "supseteq": "⊇",
    "cup": "∪",
    "cap": "∩",
    "emptyset": "∅",
    "varnothing": "∅",
    "forall": "∀",
    "exists": "∃",
    "neg": "¬",
    "lnot": "¬",
    "wedge": "∧",
    "vee": "∨",
    "oplus": "⊕",
    "otimes": "⊗",
    "circ": "∘",
    "bullet": "•",
    "star": "⋆",
    "ast": "∗",
    "prime": "′",
    "hbar": "ħ",
    "ell": "ℓ",
    "aleph": "ℵ",
    "Re": "ℜ",
    "Im": "ℑ",
    "wp": "℘",
    "angle": "∠",
    "perp": "⊥",
    "parallel": "∥",
    "mid": "∣",
    "vert": "|",
    "Vert": "‖",
    "lvert": "|",
    "rvert": "|",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "lceil": "⌈",
    "rceil": "⌉",
    "hat": "",
    "deg": "deg",
    # TeX-world logos
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "BibTeX": "BibTeX",
    "AmSTeX": "AMS-TeX",
    "AMSTeX": "AMS-TeX",
    "AmS": "AMS",
    "AMS": "AMS",
    "AmSLaTeX": "AMS-LaTeX",
    "MF": "Metafont",
    "MP": "MetaPost",
    "METAFONT": "METAFONT",
    "METAPOST": "MetaPost",
    "eTeX": "e-TeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "TUB": "TUGboat",
    "TeXLive": "TeX Live",
    "AllTeX": "(La)TeX",
    "PS": "PostScript",
    "Thanh": "Hàn Thế Thành",
    "plain": "plain",
    "La": "La",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "ConTeXt": "ConTeXt",
    # spacing; font switches and other commands that print nothing
    "quad": " ",
    "qquad": " ",
    "thinspace": " ",
    "enspace": " ",
    "enskip": " ",
    "space": " ",
    "nobreakspace": " ",
    "medspace": " ",
    "thickspace": " ",
    "newline": " ",
    "linebreak": " ",
    "par": " ",
    "hfill": " ",
    "Large": "",
    "LARGE": "",
    "Huge": "",
    "cyrchar": "",
}
for _name, _char in zip(_GREEK.split()[::2], _GREEK.split()[1::2], strict=True):
    _SYMBOLS[_name] = _char
for _pair in _CYRILLIC.split():
    _char, _suffix = _pair.split(":")
    _SYMBOLS["CYR" + _suffix] = _char
    _SYMBOLS["cyr" + _suffix.lower()] = _char.lower()
for _name in (
    "log",
    "ln",
    "exp",
    "sin",
    "cos",
    "tan",
    "lim",
    "max",
    "min",
    "sup",
    "inf",
    "det",
    "dim",
    "ker",
    "arg",
    "gcd",
    "Pr",
    "mod",
    "bmod",
):
    _SYMBOLS[_name] = _name


def _first(args: list[str]) -> str:
    return args[0]


# Commands whose arguments are read here (others' braced arguments are printed as groups).
_TEMPLATES: dict[str, tuple[int, Callable[[list[str]], str]]] = {
    # Sorting tricks from bibliography preambles: the argument only steers BibTeX's sort order.
    "noopsort": (1, lambda a: ""),
    "sortnoop": (1, lambda a: ""),
    "SortNoop": (1, lambda a: ""),
    "noop": (1, lambda a: ""),
    "nosort": (1, lambda a: ""),
    # ... and the other preamble macros of TeX Live's xampl.bib.
    "switchargs": (2, lambda a: a[1] + a[0]),
    "printfirst": (2, _first),
    "singleletter": (1, _first),
    "vphantom": (1, lambda a: ""),
    "phantom": (1, lambda a: ""),
    "hphantom": (1, lambda a: ""),
    "hspace": (1, lambda a: " "),
    "vspace": (1, lambda a: ""),
    "label": (1, lambda a: ""),
    "index": (1, lambda a: ""),
    "hyphenation": (1, lambda a: ""),
    "ding": (1, lambda a: ""),
    "nocite": (1, lambda a: ""),
    "cite": (1, lambda a: f"[{a[0]}]"),
    "href": (2, lambda a: a[1]),
    "texorpdfstring": (2, lambda a: a[1]),
    "frac": (2, lambda a: f"{a[0]}/{a[1]}"),
    "sqrt": (1, lambda a: "√" + a[0]),
}


def decode(text: str) -> str:
    """LaTeX field content -> the Unicode text a reader sees, white space collapsed."""
    if not _NEEDS_WORK.search(text):
        return text
    if not _NEEDS_READER.search(text):  # only braces (case protection) and spaces
        return " ".join(text.replace("{", "").replace("}", "").split())
    return _decode_cached(text)


@lru_cache(maxsize=65536)
def _decode_cached(text: str) -> str:
    return " ".join(_Reader(text).run().split())


_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$~{}])")


def decode_verbatim(text: str) -> str:
    """For URLs and DOIs: unwrap ``\\url{}``, drop escapes and braces, keep everything else."""
    if "\\" not in text and "{" not in text and "}" not in text:
        return text.strip()
    text = re.sub(r"\\(?:url|path|href)\s*\{([^{}]*)\}", r"\1", text)
    text = _VERBATIM_ESCAPE.sub(r"\1", text)
    return text.replace("{", "").replace("}", "").strip()


_ENCODE = re.compile(r"[\\{}&%$#_~^]|-(?=-)|`(?=`)|'(?=')")
_ENCODE_MAP = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "-": "-{}",
    "`": "`{}",
    "'": "'{}",
}


def encode(text: str) -> str:
    """Plain text -> a BibTeX field value that ``decode`` turns back into the same text.

    Non-ASCII characters stay as they are (the file is UTF-8); white space is collapsed, as BibTeX
    would collapse it anyway.
    """
    text = " ".join(text.split())
    return _ENCODE.sub(lambda m: _ENCODE_MAP[m.group()[0]], text)


class _Reader:
    """One pass over the tokens of one value; ``run`` returns the text (spaces not yet collapsed)."""

    __slots__ = ("math", "pos", "tokens")

    def __init__(self, text: str) -> None:
        self.tokens = [_classify(m) for m in _TOKEN.finditer(text)]
        self.pos = 0
        self.math = False

    def run(self) -> str:
        return self._until_close(top=True)

    def _until_close(self, top: bool = False) -> str:
        out: list[str] = []
        tokens = self.tokens
        while self.pos < len(tokens):
            kind, value = tokens[self.pos]
            self.pos += 1
            if kind == _TEXT:
                # Sub- and superscripts are flattened: $^{13}$C is 13C.
                out.append(value.replace("^", "").replace("_", "") if self.math else value)
            elif kind == _SPACE:
                out.append(" ")
            elif kind == _WORD:
                out.append(self._word(value))
            elif kind == _OPEN:
                out.append(self._until_close())
            elif kind == _CLOSE:
                if not top:
                    break
            else:
                out.append(self._other(kind, value))
        return "".join(out)

    def _other(self, kind: int, value: str) -> str:
        if kind == _SYMBOL:
            mark = _ACCENTS.get(value)
            if mark is not None and not self.math:
                return self._accent(mark)
            return _CONTROL_SYMBOLS.get(value, value)
        if kind == _LIGATURE:
            return value if self.math and value != "~" else _LIGATURES[value]
        if kind == _MATH:
            self.math = not self.math
            return ""
        return value  # _VERB

    def _word(self, name: str) -> str:
        symbol = _SYMBOLS.get(name)
        if symbol is not None:
            # In math, "\log n" is two words; in text, TeX eats the space ("\TeX hax" = TeXhax).
            if self.math and symbol[-1:].isalpha():
                return symbol + " "
            return symbol
        mark = _ACCENTS.get(name)
        if mark is not None:
            return self._accent(mark)
        template = _TEMPLATES.get(name)
        if template is not None:
            count, render = template
            return render([self._argument() for _ in range(count)])
        # Unknown: formatting commands print nothing (their braced arguments follow as groups);
        # capitalised ones are mostly logos and acronyms (\XML, \CTAN) and print their name.
        return "" if name.islower() else name

    def _accent(self, mark: str) -> str:
        arg = self._argument()
        if not arg:
            return _SPACING_ACCENTS.get(mark)
        base = {"ı": "i", "ȷ": "j"}.get(arg[0], arg[0])
        return unicodedata.normalize("NFC", base + mark) + arg[1:]

    def _argument(self) -> str:
        """The next macro argument: a group, a command, or one character of text."""
        tokens = self.tokens
        while self.pos < len(tokens) and tokens[self.pos][0] == _SPACE:
            self.pos += 1
        if self.pos >= len(tokens):
            return ""
        kind, value = tokens[self.pos]
        if kind == _CLOSE:
            return ""
        self.pos += 1
        if kind == _OPEN:
            return self._until_close()
        if kind == _TEXT:
            if len(value) > 1:
                self.pos -= 1
                tokens[self.pos] = (_TEXT, value[1:])
            return value[0]
        if kind == _WORD:
            return self._word(value)
        return self._other(kind, value)


def _classify(m: re.Match[str]) -> tuple[int, str]:
    last = m.lastindex
    if last == 11:
        return (_TEXT, m.group(11))
    if last == 10:
        return (_SPACE, " ")
    if last in (5, 6):
        return (_WORD, m.group(5))
    if last == 8:
        char = m.group(8)
        return ((_OPEN if char == "{" else _CLOSE if char == "}" else _MATH), char)
    if last == 7:
        return (_SYMBOL, m.group(7))
    if last == 9:
        return (_LIGATURE, m.group(9))
    if last == 4:
        return (_TEXT, "")
    if m.group(3) is not None:
        return (_VERB, m.group(3))
    return (_VERB, m.group(2))
