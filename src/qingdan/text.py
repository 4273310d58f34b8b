"""Text from a data set made fit for where it goes: a short excerpt for a message, a Markdown cell, a line for the
terminal, a string XML can hold.

A data set may come from anyone, so none of its text reaches an output as it is: a message quotes a
bounded excerpt (never a whole file), Markdown gets no raw HTML or markup from it, the terminal no
escape sequence (a name holding ESC ] 0 ; or ESC [ 2 J would set the window title or clear the
screen), and Word and Excel no character XML 1.0 forbids.
"""

from __future__ import annotations

import re
from typing import Any

from qingdan.limits import EXCERPT_CHARS, MESSAGE_CHARS


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """A value as a finding or message may quote it: at most `limit` characters, on one line, with what is
    invisible written out (a newline as \\n, an escape character as \\u001b).

    Findings reach CI logs and GitHub annotations; a value is quoted so that people can find
    it, never so long that a whole file could be carried out through one.
    """
    whole = str(value)
    text = whole[: limit * 4]  # a value may be a whole file: look at no more than can be shown
    text = _INVISIBLE.sub(_shown, text)  # "agriculture\n" shows its newline, and stays on one line
    if len(text) <= limit and len(whole) <= limit * 4:
        return text
    return text[: limit - 1] + "…"


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    c = match.group(0)
    return _NAMED.get(c) or f"\\u{ord(c):04x}"


_QUOTED = re.compile(rf"「([^「」]{{{EXCERPT_CHARS + 1},}})」")


def bounded(message: str) -> str:
    """A message with every value it quotes in 「」 cut to an excerpt, and at most MESSAGE_CHARS long: what
    holds for every finding, whatever check wrote it."""
    if len(message) <= EXCERPT_CHARS:
        return message
    short = _QUOTED.sub(lambda m: f"「{excerpt(m.group(1))}」", message)
    return excerpt(short, MESSAGE_CHARS) if len(short) > MESSAGE_CHARS else short


def around(line: str, column: int, limit: int = 2 * EXCERPT_CHARS) -> tuple[str, int]:
    """A source line as a report shows it beneath a finding: at most `limit` characters around `column`
    (1-based), with … where it is cut; returns the text and the column in it."""
    if len(line) <= limit:
        return line, column
    start = max(0, min(column - 1 - limit // 2, len(line) - limit))
    shown = line[start : start + limit]
    lead = "…" if start else ""
    return lead + shown + ("…" if start + limit < len(line) else ""), column - start + len(lead)


_MARKDOWN = re.compile(r"[\\`*_\[\]<>|~#]")


def markdown(text: Any) -> str:
    """Text for a Markdown line or table cell: every character Markdown or HTML would read as markup escaped
    (`<img onerror=…>` shows as written, no tag), line breaks made spaces, no cell broken by `|`, no
    control character."""
    escaped = _MARKDOWN.sub(lambda m: "\\" + m.group(0), str(text))
    return printable(re.sub(r"\s*[\r\n]+\s*", " ", escaped))


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that reorder what a
# terminal shows (the "Trojan Source" characters)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` without the characters a terminal would act on instead of show: escape sequences start with ESC,
    and a carriage return lets a line overwrite itself."""
    return _CONTROL.sub("", text)


# what XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets): C0 controls but tab, newline and carriage
# return; lone surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot hold, which python-docx and openpyxl refuse (Word and Excel
    files are XML); they show as nothing in any program, so nothing visible is lost."""
    return _NOT_XML.sub("", text)
