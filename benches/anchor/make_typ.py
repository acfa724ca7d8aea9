#!/usr/bin/env python3
"""Writes benches/anchor/report.typ, the Typst twin of tenkai's FY2017Q4 quarterly report.

    benches/anchor/make_typ.py REPORT.html [OUT.typ]

Reads the HTML tenkai renders of the report (the 1x data, Japanese) and writes the same content
as a Typst document: the same headings, paragraphs, tables, lists, charts (tenkai's own SVG,
inline) and code, in the same faces (reports/fonts: Noto Sans JP, DejaVu Sans Mono), on A4 with
tenkai's margins, base size, running header and `n / N` footer. Typst is then timed on it as a
whole process against tenkai's PDF (benches/anchor.py). The twin is a fixed file, committed: the
benchmark times Typst on it and does not regenerate it.
"""

import html
import html.parser
import os
import re
import sys
import tomllib

# Characters with a meaning in Typst markup, escaped with a backslash in text.
SPECIAL = set('\\#*_`$<>@[]=-+/~"\'')


def esc(text):
    return "".join("\\" + c if c in SPECIAL else c for c in text)


def string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []


VOID = {"br", "meta", "link", "img", "hr", "col", "input"}
# Elements whose inside is kept as raw source (the charts).
RAW = {"svg"}


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", [], None)
        self.cur = self.root
        self.raw_depth = 0

    def handle_starttag(self, tag, attrs):
        if self.raw_depth:
            self.cur.kids.append(self.get_starttag_text())
            self.raw_depth += tag not in VOID and not self.get_starttag_text().endswith("/>")
            return
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag in RAW:
            n.kids.append(self.get_starttag_text())
            self.raw_depth = 1
            self.cur = n
        elif tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        if self.raw_depth:
            self.cur.kids.append(self.get_starttag_text())
        else:
            self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if self.raw_depth:
            self.cur.kids.append(f"</{tag}>")
            self.raw_depth -= 1
            if self.raw_depth == 0:
                self.cur = self.cur.parent
            return
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        if self.raw_depth:
            self.cur.kids.append(html.escape(data, quote=False))
        else:
            self.cur.kids.append(data)


def classes(n):
    return n.attrs.get("class", "").split()


def inline(n):
    """The Typst markup of an element's inline content."""
    out = []
    for k in n.kids:
        if isinstance(k, str):
            out.append(esc(re.sub(r"\s+", " ", k)))
        elif k.tag == "br":
            out.append("\\ ")
        elif k.tag == "strong" or k.tag == "b":
            out.append(f"#strong[{inline(k)}]")
        elif k.tag == "code":
            out.append(f"#raw({string(text_of(k))})")
        elif k.tag == "a":
            out.append(f"#link({string(k.attrs.get('href', ''))})[{inline(k)}]")
        elif k.tag == "span" and "rag" in classes(k):
            out.append(f"#badge[{inline(k)}]")
        else:
            out.append(inline(k))
    return "".join(out).strip()


def text_of(n):
    return "".join(k if isinstance(k, str) else text_of(k) for k in n.kids)


def para(n):
    body = inline(n)
    if not body:
        return ""
    c = classes(n)
    if "lead" in c:
        return f"#lead[{body}]\n"
    if "note" in c:
        return f"#note[{body}]\n"
    if "meta" in c:
        return f"#meta[{body}]\n"
    return body + "\n"


def table(n):
    rows = []
    for sect in n.kids:
        if isinstance(sect, Node) and sect.tag in ("thead", "tbody"):
            for tr in sect.kids:
                if isinstance(tr, Node) and tr.tag == "tr":
                    rows.append((sect.tag == "thead", [c for c in tr.kids if isinstance(c, Node) and c.tag in ("td", "th")]))
    ncols = max(len(r[1]) for r in rows)
    aligns = ["left"] * ncols
    for _, cells in rows:
        for i, c in enumerate(cells):
            if "num" in classes(c):
                aligns[i] = "right"
    size = "compact" if "compact" in classes(n) else "normal"
    # A table spans the text's width, as tenkai's does: the text columns share what the number
    # columns leave.
    widths = ["auto" if a == "right" else "1fr" for a in aligns]
    out = [f"#tbl(({', '.join(widths)},), ({', '.join(aligns)},), {string(size)},"]
    head = [r for r in rows if r[0]]
    if head:
        out.append("  table.header(" + ", ".join(f"[*{inline(c)}*]" for c in head[0][1]) + "),")
    for is_head, cells in rows:
        if is_head:
            continue
        out.append("  " + ", ".join(f"[{inline(c)}]" for c in cells) + ",")
    out.append(")\n")
    return "\n".join(out)


def figure(n):
    svg = next((k for k in n.kids if isinstance(k, Node) and k.tag == "svg"), None)
    cap = next((k for k in n.kids if isinstance(k, Node) and k.tag == "figcaption"), None)
    out = []
    if svg is not None:
        src = "".join(k if isinstance(k, str) else "" for k in svg.kids)
        if 'xmlns="' not in src.split(">", 1)[0]:
            src = src.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        alt = re.search(r"<title[^>]*>(.*?)</title>", src, re.S)
        alt = html.unescape(alt.group(1)) if alt else ""
        # Drawn at its own width in points, as tenkai draws it, at most the text's width.
        width = min(float(svg.attrs.get("width", "499")), 499.0)
        out.append(f"#figure(image(bytes({string(src)}), format: \"svg\", width: {width}pt, alt: {string(alt)}),")
        out.append(f"  caption: [{inline(cap) if cap else ''}])\n")
    return "\n".join(out)


def block(n, out):
    for k in n.kids:
        if isinstance(k, str):
            if k.strip():
                out.append(esc(k.strip()) + "\n")
            continue
        t = k.tag
        if t in ("h1", "h2", "h3", "h4"):
            out.append("=" * int(t[1]) + " " + inline(k) + "\n")
        elif t == "p":
            out.append(para(k))
        elif t == "table":
            out.append(table(k))
        elif t in ("ul", "ol"):
            mark = "+" if t == "ol" else "-"
            for li in k.kids:
                if isinstance(li, Node) and li.tag == "li":
                    out.append(f"{mark} {inline(li)}\n")
            out.append("\n")
        elif t == "figure":
            out.append(figure(k))
        elif t == "div" and "page-break" in classes(k):
            out.append("#pagebreak()\n")
        elif t == "section" and "cover" in classes(k):
            inner = []
            block(k, inner)
            out.append("#cover[\n" + "\n".join(inner) + "]\n")
        elif t in ("aside", "section", "div", "main", "body", "html", "article", "nav"):
            block(k, out)
        elif t in ("head", "header", "footer", "style", "script", "title", "meta", "link"):
            continue
        else:
            out.append(inline(k) + "\n")
        out.append("")


PREAMBLE = r"""// The Typst twin of tenkai's FY2017Q4 quarterly report (Japanese, 1x data), for timing Typst
// against tenkai on the same content (benches/anchor.py). Written by benches/anchor/make_typ.py
// from tenkai's HTML of the report: regenerate it with that script, do not edit by hand.
#let ink = rgb("#1f2937")
#let muted = rgb("#4b5563")
#let accent = rgb("#1e3a8a")
#let rule = rgb("#d1d5db")
#set document(title: TITLE, author: AUTHOR)
// Lines as tall as tenkai's: the face's ascender to descender (1.45 em) plus the leading make
// 1.6 em a line in text, 1.4 em in tables.
#set text(font: "Noto Sans JP", size: 9.5pt, lang: "ja", fill: ink, top-edge: "ascender", bottom-edge: "descender")
#set par(leading: 0.15em, spacing: 0.8em, justify: false)
// Typst sets raw text at 0.8 em; tenkai sets code at 0.95 em of its paragraph.
#show raw: set text(font: "DejaVu Sans Mono", size: 0.95em / 0.8)
#set page(paper: "a4", margin: (top: 56pt, right: 48pt, bottom: 56pt, left: 48pt),
  header: context { set text(size: 7.5pt, fill: muted); HEADER_LEFT; h(1fr); HEADER_RIGHT },
  footer: context { set text(size: 7.5pt, fill: muted); h(1fr); counter(page).display("1 / 1", both: true); h(1fr) })
#show heading.where(level: 1): set text(size: 19pt, fill: accent)
#show heading.where(level: 2): it => { set text(size: 13pt, fill: accent); v(14pt, weak: true); block(below: 8pt, stroke: (bottom: 1.5pt + accent), inset: (bottom: 3pt), width: 100%, it.body) }
#show heading.where(level: 3): set text(size: 10.5pt)
#let lead(body) = par(text(size: 1.35em, weight: "bold", body))
#let note(body) = par(text(size: 0.85em, fill: muted, body))
#let meta(body) = par(text(fill: muted, body))
#let badge(body) = box(fill: muted, inset: (x: 3pt), radius: 2pt, text(fill: white, size: 0.8em, body))
#let cover(body) = block(fill: rgb("#eef2ff"), inset: 12pt, width: 100%, body)
#show figure.caption: set text(size: 0.82em, fill: muted)
#let tbl(widths, aligns, size, ..cells) = {
  set text(size: if size == "compact" { 0.84em } else { 0.92em })
  set par(leading: 0em)
  table(columns: widths, align: (x, y) => aligns.at(x), stroke: 0.5pt + rule, inset: (x: 4pt, y: 2.5pt),
    fill: (x, y) => if y == 0 { rgb("#e5e7eb") }, ..cells)
}
"""


def main():
    src = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "report.typ")
    t = Tree()
    t.feed(open(src, encoding="utf-8").read())
    title = text_of(next(iter(find(t.root, "title")), t.root)).strip()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "reports", "quarterly.toml"), "rb") as f:
        author = tomllib.load(f)["author"]
    # The running header: the report's title at the left, the period at the right (the cover's
    # h1 and its lead paragraph).
    left = text_of(next(find(t.root, "h1"))).strip()
    right = next((text_of(p).strip() for p in find(t.root, "p") if "lead" in classes(p)), "")
    pre = (PREAMBLE.replace("TITLE", string(title)).replace("AUTHOR", string(author or ""))
           .replace("HEADER_LEFT", f"[{esc(left)}]").replace("HEADER_RIGHT", f"[{esc(right)}]"))
    out = []
    body = next(iter(find(t.root, "body")), t.root)
    block(body, out)
    text = pre + "\n" + "\n".join(s for s in out if s)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)


def find(n, tag):
    for k in n.kids:
        if isinstance(k, Node):
            if k.tag == tag:
                yield k
            yield from find(k, tag)


if __name__ == "__main__":
    main()
