"""Where a citation is pasted: Markdown, plain text or HTML (Word and Google Docs).

Styles build citations from a few marks (italics, a link) and text; a target decides how
each mark is written and escapes the text, so every style is right in every target.
"""

from __future__ import annotations

import html
import re

TARGETS: tuple[str, ...] = ("markdown", "text", "html")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_BLOCK_START = re.compile(r"^(\s*)([#+\-]|\d+\.)(?=\s)", re.MULTILINE)
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" in a quote must not render as "&"


def escape_markdown(text: str) -> str:
    """Render as written: emphasis, links, strike-through, maths and block markers stay literal."""
    escaped = _ENTITY.sub(r"\\&", _MARKDOWN_SPECIAL.sub(r"\\\1", text))
    return _BLOCK_START.sub(r"\1\\\2", escaped)


def _link_target(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


class Target:
    """Plain text: what a reader sees, with no marks at all."""

    name = "text"

    def esc(self, text: str) -> str:
        return text

    def italic(self, text: str) -> str:
        return self.esc(text)

    def link(self, label: str, url: str) -> str:
        """`label` is already escaped; plain text cannot link, so the URL is the style's."""
        return label

    def url(self, url: str) -> str:
        return url

    def paragraphs(self, lines: list[str]) -> str:
        return "\n".join(lines)


class Markdown(Target):
    name = "markdown"

    def esc(self, text: str) -> str:
        return escape_markdown(text)

    def italic(self, text: str) -> str:
        return f"*{self.esc(text)}*"

    def link(self, label: str, url: str) -> str:
        return f"[{label}]({_link_target(url)})"

    def url(self, url: str) -> str:
        return f"<{_link_target(url)}>"


class Html(Target):
    name = "html"

    def esc(self, text: str) -> str:
        return html.escape(text, quote=False)

    def italic(self, text: str) -> str:
        return f"<i>{self.esc(text)}</i>"

    def link(self, label: str, url: str) -> str:
        return f'<a href="{html.escape(url)}">{label}</a>'

    def url(self, url: str) -> str:
        return f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>'

    def paragraphs(self, lines: list[str]) -> str:
        return "\n".join(f"<p>{line}</p>" for line in lines)


def target(name: str) -> Target:
    from quotesdb.cite.errors import unknown

    chosen = {"markdown": Markdown, "text": Target, "html": Html}.get(name.strip().lower())
    if chosen is None:
        raise unknown("output target", name, TARGETS)
    return chosen()
