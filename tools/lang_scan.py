#!/usr/bin/env python3
"""lang_scan.py: find words a template writes itself instead of taking them
from the language files (templates/lang/README.md).

    tools/lang_scan.py [FILE...]    (default: templates/diner/*.cs, templates/account/*.cs)

Strips ClearSilver tags, HTML tags (keeping the human-readable attributes:
alt, title, placeholder, aria-label, summary, the value of a button-like
input, and data-* attributes a script shows), entities, punctuation and
digits; whatever letters remain (but "Stolik") are reported with their line.
String literals of set:Page.Title / Page.Description are reported too, and
every Lang.* name a template uses that lang/en.hdf and lang/en/*.hdf do not
define (an empty spot on the page). Exit status 1 if anything was found.
"""
import glob
import os
import re
import sys

CS = re.compile(r"<\?cs.*?\?>", re.S)
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>", re.S)
ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*')""")
READABLE = {"alt", "title", "placeholder", "aria-label", "summary", "label",
            "data-denied", "data-busy", "data-expired", "data-again-text",
            "data-confirm", "data-label"}
ENTITY = re.compile(r"&[#\w]+;")
ALLOWED = {"Stolik", "UTC"}    # the brand; the time standard, written so in every language
URLISH = re.compile(r"\S*[/=#]\S*")     # a URL or query a def writes out
CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.S)  # key prefixes and such
SETLIT = re.compile(r"set:Page\.(?:Title|Description)\s*=([^?]*)")


def words(text):
    text = ENTITY.sub(" ", text)
    text = URLISH.sub(" ", text)
    text = re.sub(r"[\W\d_]+", " ", text)
    return [w for w in text.split() if w not in ALLOWED]


def scan(path):
    src = open(path, encoding="utf-8").read()
    found = []

    # string literals that become the title or description
    for m in CS.finditer(src):
        s = SETLIT.search(m.group(0))
        if s:
            for lit in re.findall(r'"([^"]*)"', s.group(1)):
                if words(lit):
                    line = src.count("\n", 0, m.start()) + 1
                    found.append((line, "set literal: " + lit))

    # blank the ClearSilver tags, keeping the line numbers
    text = CS.sub(lambda m: " " + "\n" * m.group(0).count("\n"), src)

    def tag(m):
        inner = m.group(0)
        out = []
        attrs = dict((k.lower(), v[1:-1]) for k, v in ATTR.findall(m.group(3)))
        for k, v in attrs.items():
            if k in READABLE:
                out.append(v)
        if m.group(2).lower() == "input" and attrs.get("type") in ("submit", "button", "reset"):
            out.append(attrs.get("value", ""))
        return " " + " ".join(out) + " " + "\n" * inner.count("\n")

    text = CODE.sub(lambda m: " " + "\n" * m.group(0).count("\n"), text)
    text = TAG.sub(tag, text)
    for n, line in enumerate(text.split("\n"), 1):
        w = words(line)
        if w:
            found.append((n, " ".join(w)))
    return found


def hdf_keys(path):
    """The dotted names an HDF file defines (nested blocks, KEY = value, KEY << EOM)."""
    out, stack, until = set(), [], None
    for line in open(path, encoding="utf-8"):
        s = line.strip()
        if until is not None:
            if s == until:
                until = None
            continue
        if not s or s.startswith("#"):
            continue
        if s == "}":
            stack.pop()
            continue
        m = re.match(r"^([\w.]+)\s*\{$", s)
        if m:
            stack.append(m.group(1))
            continue
        m = re.match(r"^([\w.]+)\s*(=|<<)\s*(.*)$", s)
        if m:
            out.add(".".join(stack + [m.group(1)]))
            if m.group(2) == "<<":
                until = m.group(3)
    return out


def undefined(path, defined):
    """Lang.* names used in path that are neither a key nor a group of keys."""
    groups = set()
    for k in defined:
        parts = k.split(".")
        groups.update(".".join(parts[:i]) for i in range(1, len(parts)))
    src = open(path, encoding="utf-8").read()
    found = []
    for m in re.finditer(r"\bLang(?:\.\w+)+(?!\w|\[)", src):
        name = m.group(0)
        if name not in defined and name not in groups:
            found.append((src.count("\n", 0, m.start()) + 1, "undefined " + name))
    return found


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = argv or sorted(glob.glob(os.path.join(root, "templates/diner/*.cs")) +
                           glob.glob(os.path.join(root, "templates/account/*.cs")))
    defined = set()
    for h in [os.path.join(root, "templates/lang/en.hdf")] + \
            sorted(glob.glob(os.path.join(root, "templates/lang/en/*.hdf"))):
        defined |= hdf_keys(h)
    bad = 0
    for f in files:
        for line, what in scan(f) + undefined(f, defined):
            print("%s:%d: %s" % (os.path.relpath(f, root), line, what))
            bad += 1
    if bad:
        print("%d problem(s): words of their own or undefined Lang names" % bad, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
