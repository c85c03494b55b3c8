#!/usr/bin/env python3
"""Draws grammar/factql.ebnf as railroad diagrams: grammar/railroad.html, one SVG per rule.

    python3 grammar/railroad.py            # rewrites grammar/railroad.html

Reads the same EBNF as the grammar tests (juxtaposition is sequence, | choice, [ ] optional,
{ } repetition, ( ) grouping, a - b exception, (* *) comments). The page records a hash of the
grammar file it was drawn from; a test fails when the grammar changes and the page is not redrawn.
"""

import html
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
GRAMMAR = HERE / "factql.ebnf"
OUTPUT = HERE / "railroad.html"

CHAR = 7.8  # width of one character of the 13px monospace font
GAP = 10  # space between items, and the radius of the curves
BOX = 11  # half the height of a box


def fnv1a(data: bytes) -> str:
    """64-bit FNV-1a, as hex: small, and the same in the Swift test that checks the page."""
    value = 0xCBF29CE484222325
    for byte in data:
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


# ---- Reading the grammar ----------------------------------------------------------------------


def tokenize(text):
    text = re.sub(r"\(\*.*?\*\)", " ", text, flags=re.S)
    return re.findall(r'"[^"]*"|\'[^\']*\'|[A-Za-z_][A-Za-z0-9_]*|[=;|\[\]{}()\-]', text)


class Reader:
    def __init__(self, tokens):
        self.tokens = tokens
        self.index = 0

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def next(self):
        token = self.peek()
        self.index += 1
        return token

    def expect(self, token):
        found = self.next()
        if found != token:
            raise SystemExit(f"railroad.py: expected {token!r}, found {found!r}")

    def rules(self):
        rules = []
        while self.peek() is not None:
            name = self.next()
            self.expect("=")
            rules.append((name, self.choice()))
            self.expect(";")
        return rules

    def choice(self):
        alternatives = [self.sequence()]
        while self.peek() == "|":
            self.next()
            alternatives.append(self.sequence())
        return alternatives[0] if len(alternatives) == 1 else Choice(alternatives)

    def sequence(self):
        items = []
        while self.peek() not in (None, "|", ";", "]", "}", ")"):
            items.append(self.term())
        return items[0] if len(items) == 1 else Sequence(items)

    def term(self):
        base = self.factor()
        if self.peek() == "-":
            self.next()
            return Exception_(base, self.factor())
        return base

    def factor(self):
        token = self.next()
        if token == "[":
            inner = self.choice()
            self.expect("]")
            return Optional_(inner)
        if token == "{":
            inner = self.choice()
            self.expect("}")
            return Repetition(inner)
        if token == "(":
            inner = self.choice()
            self.expect(")")
            return inner
        if token[0] in "\"'":
            return Box(token[1:-1], "terminal")
        if token.isupper():
            return Box(token, "token")
        return Box(token, "rule")


# ---- Layout: each node has a width and the height above (up) and below (down) its line ---------


def line(x1, y1, x2, y2):
    return f'<path d="M{x1:.1f} {y1:.1f}H{x2:.1f}" />' if y1 == y2 else f'<path d="M{x1:.1f} {y1:.1f}L{x2:.1f} {y2:.1f}" />'


def down_curve(x, y1, y2):
    """From (x, y1) heading right, turn down to y2, and head right again at x + 2 * GAP."""
    return (
        f'<path d="M{x:.1f} {y1:.1f}q{GAP} 0 {GAP} {GAP}V{y2 - GAP:.1f}q0 {GAP} {GAP} {GAP}" />'
    )


def up_curve(x, y1, y2):
    """From (x, y1) heading right, turn up to y2 (above), and head right at x + 2 * GAP."""
    return (
        f'<path d="M{x:.1f} {y1:.1f}q{GAP} 0 {GAP} {-GAP}V{y2 + GAP:.1f}q0 {-GAP} {GAP} {-GAP}" />'
    )


class Box:
    def __init__(self, text, kind):
        self.text, self.kind = text, kind
        self.width = len(text) * CHAR + 2 * GAP
        self.up = self.down = BOX

    def draw(self, x, y):
        label = html.escape(self.text)
        radius = BOX if self.kind == "terminal" else 2
        shape = (
            f'<rect class="{self.kind}" x="{x:.1f}" y="{y - BOX:.1f}" width="{self.width:.1f}" '
            f'height="{2 * BOX}" rx="{radius}" />'
            f'<text x="{x + self.width / 2:.1f}" y="{y + 4:.1f}">{label}</text>'
        )
        if self.kind == "rule":
            return f'<a href="#{label}">{shape}</a>'
        return shape


class Exception_:
    """`a - b`: a, with a note saying what it is not."""

    def __init__(self, base, excluded):
        self.base = base
        self.note = "not " + " ".join(
            f'"{item.text}"' if getattr(item, "kind", "") == "terminal" else getattr(item, "text", "?")
            for item in ([excluded] if not isinstance(excluded, Choice) else excluded.items)
        )
        self.width = max(base.width, len(self.note) * CHAR * 0.85)
        self.up = base.up
        self.down = base.down + 14

    def draw(self, x, y):
        offset = (self.width - self.base.width) / 2
        parts = [line(x, y, x + offset, y), self.base.draw(x + offset, y)]
        parts.append(line(x + offset + self.base.width, y, x + self.width, y))
        parts.append(
            f'<text class="note" x="{x + self.width / 2:.1f}" y="{y + self.base.down + 12:.1f}">'
            f"{html.escape(self.note)}</text>"
        )
        return "".join(parts)


class Sequence:
    def __init__(self, items):
        self.items = items
        self.width = sum(item.width for item in items) + GAP * (len(items) - 1)
        self.up = max(item.up for item in items)
        self.down = max(item.down for item in items)

    def draw(self, x, y):
        parts = []
        for index, item in enumerate(self.items):
            if index:
                parts.append(line(x - GAP, y, x, y))
            parts.append(item.draw(x, y))
            x += item.width + GAP
        return "".join(parts)


class Choice:
    """Alternatives stacked below the first, which stays on the line."""

    def __init__(self, items):
        self.items = items
        self.width = max(item.width for item in items) + 4 * GAP
        self.up = items[0].up
        offsets = [0]
        for previous, item in zip(items, items[1:]):
            offsets.append(offsets[-1] + previous.down + GAP + item.up)
        self.offsets = offsets
        self.down = offsets[-1] + items[-1].down

    def draw(self, x, y):
        inner = self.width - 4 * GAP
        parts = []
        for item, offset in zip(self.items, self.offsets):
            row = y + offset
            left = x + 2 * GAP
            if offset == 0:
                parts.append(line(x, y, left, y))
            else:
                parts.append(down_curve(x, y, row))
            parts.append(item.draw(left, row))
            parts.append(line(left + item.width, row, left + inner, row))
            if offset == 0:
                parts.append(line(left + inner, y, x + self.width, y))
            else:
                parts.append(up_curve(left + inner, row, y))
        return "".join(parts)


class Skip:
    width = 0
    up = down = 0

    def draw(self, x, y):
        return ""


class Optional_(Choice):
    def __init__(self, inner):
        super().__init__([Skip(), inner])


class Repetition:
    """Zero or more: the line goes straight over; below it, the item with a way back."""

    def __init__(self, inner):
        self.inner = inner
        self.width = inner.width + 4 * GAP
        self.up = 0
        self.row = GAP + inner.up + GAP  # the item's line, below the main line
        self.down = self.row + inner.down + 2 * GAP

    def draw(self, x, y):
        row = y + self.row
        left = x + 2 * GAP
        back = row + self.inner.down + GAP
        parts = [line(x, y, x + self.width, y), down_curve(x, y, row), self.inner.draw(left, row)]
        parts.append(up_curve(left + self.inner.width, row, y))
        # The way back, right to left under the item.
        parts.append(
            f'<path class="back" d="M{left + self.inner.width:.1f} {row:.1f}q{GAP} 0 {GAP} {GAP}'
            f"V{back - GAP:.1f}q0 {GAP} {-GAP} {GAP}H{left:.1f}q{-GAP} 0 {-GAP} {-GAP}V{row + GAP:.1f}"
            f'q0 {-GAP} {GAP} {-GAP}" />'
        )
        return "".join(parts)


def diagram(expression):
    margin = 2 * GAP
    width = expression.width + 2 * margin
    height = expression.up + expression.down + 2 * GAP
    y = GAP + expression.up
    body = line(0, y, margin, y) + expression.draw(margin, y) + line(margin + expression.width, y, width, y)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}">'
        f'<circle cx="4" cy="{y}" r="4" /><circle cx="{width - 4:.0f}" cy="{y}" r="4" />{body}</svg>'
    )


STYLE = """
body { font-family: sans-serif; margin: 2em; max-width: 100em; color: #222; }
h2 { font-family: monospace; font-size: 1.1em; margin: 1.6em 0 0.3em; }
pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }
svg { display: block; }
svg path { fill: none; stroke: #444; stroke-width: 1.5; }
svg path.back { stroke-dasharray: 4 3; }
svg circle { fill: #444; }
svg rect { stroke: #444; stroke-width: 1.5; }
svg rect.terminal { fill: #fff3c4; }
svg rect.rule { fill: #dcebff; }
svg rect.token { fill: #e4f5dc; }
svg text { font: 13px monospace; text-anchor: middle; fill: #111; }
svg text.note { font-size: 11px; fill: #555; font-style: italic; }
svg a:hover rect { stroke: #06c; }
"""


def main():
    data = GRAMMAR.read_bytes()
    text = data.decode("utf-8")
    rules = Reader(tokenize(text)).rules()
    sources = {}
    for match in re.finditer(r"^([a-z_]+)\s*=(.*?);\s*$", re.sub(r"\(\*.*?\*\)", "", text, flags=re.S), re.S | re.M):
        sources[match.group(1)] = " ".join((match.group(1) + " =" + match.group(2) + " ;").split())
    sections = []
    for name, expression in rules:
        sections.append(
            f'<h2 id="{name}">{name}</h2>\n<pre>{html.escape(sources.get(name, name))}</pre>\n{diagram(expression)}'
        )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="grammar-fnv1a" content="{fnv1a(data)}">
<title>FactQL grammar: railroad diagrams</title>
<style>{STYLE}</style>
</head>
<body>
<h1>FactQL grammar</h1>
<p>Drawn from <a href="factql.ebnf">factql.ebnf</a> by <code>python3 grammar/railroad.py</code>; do not edit
this page by hand. Read each diagram from the left dot to the right one, along any path: yellow
rounded boxes are written as they are (keywords in any case), green boxes are tokens (WORD, STRING,
INTEGER, DIGITS, DECIMAL, DATE, TERMINATOR), blue boxes are other rules (click to go there). A
dashed line goes back, to repeat.</p>
{chr(10).join(sections)}
</body>
</html>
"""
    OUTPUT.write_text(page, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(HERE.parent)}: {len(rules)} rules")


if __name__ == "__main__":
    main()
