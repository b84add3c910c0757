"""test_templates.py: no template under templates/ prints data unescaped.

The renderer parses every page with Config.VarEscapeMode=html, so a plain
var: is HTML-escaped. Everything else ClearSilver prints raw: alt:, uvar:,
name:, lvar:/evar: (which even run the value as template code), and var:
inside an escape:"none" block. HTML escaping is also not enough inside a
URL attribute (a request value there needs url_escape, and a value at the
start of one can be a javascript: URL), nor in a <script> or an event or
style attribute (js_escape).

This checker reads every .cs file and flags such output unless its
expression is wrapped in an escape function, is a literal, or is in ALLOWED
below with the reason it is safe. It needs no stack; run it by hand on any
file with: python3 tests/http/test_templates.py FILE...
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "..", "..", "templates")

ESCAPES = ("html_escape", "url_escape", "js_escape", "url_validate")
URL_ESCAPES = ("url_escape", "url_validate")
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "cite", "data"}
REQUEST = re.compile(r"\b(Query|Cookie|HTTP|CGI)\.")
# the site's own configuration and language file: never request or user data
TRUSTED = re.compile(r"^(Site|Lang)\.[\w.]+$")
MAIL_LINK = ("a link lib/mail.c builds from App.BaseUrl, a path and a token "
             "(url_escape would break it; url_validate would too for mailto:)")

# (file relative to templates/, the tag's text) -> why its raw output is safe
ALLOWED = {
    ("diner/restaurant.cs", "uvar:Page.Html.crumbs"):
        "HTML rendered from diner/restaurant_parts.cs by the same html-escaping "
        "template cache (fcgi/view_restaurant.c restaurant_parts)",
    ("diner/restaurant.cs", "uvar:Page.Html.head"):
        "as Page.Html.crumbs",
    ("diner/restaurant.cs", "uvar:Page.Html.info"):
        "as Page.Html.crumbs",
    ("diner/restaurant.cs", "uvar:Page.Html.side"):
        "as Page.Html.crumbs",
    ("owner/day.cs", "name:s"):
        "s walks Lang.Status, the status names of lang/en.hdf",
    ("mail/macros.cs", "var:href"):
        "the button(href, label) macro; its callers pass Rv.ManageLink: " + MAIL_LINK,
    ("mail/macros.cs", "var:Rv.ManageLink"): MAIL_LINK,
    ("mail/reminder.cs", "var:Rv.Reply.coming"): MAIL_LINK,
    ("mail/reminder.cs", "var:Rv.Reply.late"): MAIL_LINK,
    ("mail/reminder.cs", "var:Rv.Reply.cancel"): MAIL_LINK,
    ("account/message.cs", "var:Page.Action"):
        "a fixed path the handler sets (/verify, /confirm-email in "
        "fcgi/route_account.c), never request data",
}

TAG = re.compile(r"<\?cs\s*(.*?)\s*\?>", re.S)
LITERAL = re.compile(r'^(-?\d+|"[^"]*"|\'[^\']*\')$')


def wrapped(expr, funcs=ESCAPES):
    """True if expr as a whole is one call of an escape function."""
    m = re.match(r"^(\w+)\s*\((.*)\)$", expr.strip(), re.S)
    if not m or m.group(1) not in funcs:
        return False
    depth = 0
    for ch in m.group(2):       # the parentheses close only at the end
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def html_context(stripped, pos):
    """Where offset pos of the tag-less text prints: (element, attribute,
    the attribute's value before pos) inside a tag, else (None, None, None)."""
    lt = stripped.rfind("<", 0, pos)
    if lt < 0 or stripped.find(">", lt, pos) >= 0:
        return None, None, None
    seg = stripped[lt:pos]
    el = re.match(r"<\s*([A-Za-z][\w-]*)", seg)
    m = re.search(r"""([A-Za-z][\w:-]*)\s*=\s*(?:"([^"]*)|'([^']*)|([^\s"'>]*))$""",
                  seg)
    if not m:
        return (el.group(1).lower() if el else None), None, None
    value = next(v for v in m.group(2, 3, 4) if v is not None)
    return (el.group(1).lower() if el else None), m.group(1).lower(), value


def in_script(stripped, pos):
    """True inside the content of an inline <script> element (no src)."""
    low = stripped.lower()
    start = low.rfind("<script", 0, pos)
    if start < 0 or low.find("</script", start, pos) >= 0:
        return False
    gt = low.find(">", start)
    if gt < 0 or gt > pos:
        return False            # in the opening tag: the attribute rules apply
    return "src=" not in low[start:gt]


def check_text(name, text):
    """The problems of one template's text, as "name:line: tag: why"."""
    problems = []
    # the text as the browser sees it around each tag: tags become one NUL
    marks, stripped, last = [], [], 0
    for m in TAG.finditer(text):
        stripped.append(text[last:m.start()])
        marks.append(sum(len(s) for s in stripped))
        stripped.append("\0")
        last = m.end()
    stripped.append(text[last:])
    stripped = "".join(stripped)
    escape = ["html"]
    for m, pos in zip(TAG.finditer(text), marks):
        body = m.group(1)
        if body.startswith("#"):
            continue
        cmd, _, expr = body.partition(":")
        cmd, expr = cmd.strip(), expr.strip()
        line = text.count("\n", 0, m.start()) + 1
        tag = "%s:%s" % (cmd, expr)
        why = None
        if cmd == "escape":
            escape.append(expr.strip("\"'"))
            continue
        if cmd == "/escape":
            if len(escape) > 1:
                escape.pop()
            continue
        if (name, tag) in ALLOWED:
            continue
        el, attr, before = html_context(stripped, pos)
        if cmd == "alt":
            if not (wrapped(expr) or LITERAL.match(expr)):
                why = "alt: is never escaped; wrap its value in an escape function"
        elif cmd in ("uvar", "name"):
            if not LITERAL.match(expr):
                why = "%s: prints raw" % cmd
        elif cmd in ("lvar", "evar"):
            why = "%s: runs its value as template code" % cmd
        elif cmd in ("linclude", "include") and not LITERAL.match(expr):
            why = "%s: of a computed name" % cmd
        elif cmd == "var":
            if LITERAL.match(expr) or TRUSTED.match(expr):
                pass
            elif escape[-1] != "html" and not wrapped(expr):
                why = 'var: inside escape:"%s" prints raw' % escape[-1]
            elif (in_script(stripped, pos) or
                  (attr is not None and (attr.startswith("on") or attr == "style"))) \
                    and not wrapped(expr, ("js_escape",)):
                why = "var: in script needs js_escape"
            elif attr in URL_ATTRS and before.strip("\0") == "" and \
                    not wrapped(expr, ("url_validate",)):
                why = "var: at the start of a URL can be javascript:; use url_validate"
            elif attr in URL_ATTRS and REQUEST.search(expr) and \
                    not wrapped(expr, URL_ESCAPES):
                why = "request data in a URL needs url_escape"
        if why:
            problems.append("%s:%d: <?cs %s ?>: %s" % (name, line, tag, why))
    return problems


def check_tree(root=TEMPLATES):
    problems, n = [], 0
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith(".cs"):
                continue
            path = os.path.join(d, f)
            with open(path, encoding="utf-8") as fh:
                problems += check_text(os.path.relpath(path, root), fh.read())
            n += 1
    return problems, n


def test_no_raw_output_in_templates():
    problems, n = check_tree()
    if n < 20:
        raise AssertionError("only %d templates found under %s" % (n, TEMPLATES))
    if problems:
        raise AssertionError("raw output in templates:\n" + "\n".join(problems))


def test_allow_list_is_current():
    """Every allowed tag still exists: stale entries hide nothing new."""
    for (name, tag), _ in ALLOWED.items():
        with open(os.path.join(TEMPLATES, name), encoding="utf-8") as fh:
            tags = ["%s:%s" % tuple(s.strip() for s in t.partition(":")[::2])
                    for t in TAG.findall(fh.read())]
        if tag not in tags:
            raise AssertionError("%s: %s is allowed but gone" % (name, tag))


# The lines of owner/day.cs as the audit (issue 15) found them, and others
# each rule must catch: the checker's own negative control.
BAD = [
    ('<input name="date" value="<?cs alt:Query.date ?><?cs var:Page.Date ?>'
     '<?cs /alt ?>">', "alt:"),
    ('<input name="party" value="<?cs alt:Query.party ?>2<?cs /alt ?>">', "alt:"),
    ('<a href="/owner/b/<?cs var:Query.done ?>">Details</a>', "url_escape"),
    ('<a href="<?cs var:Page.R.Website ?>">site</a>', "url_validate"),
    ('<p><?cs uvar:Page.Name ?></p>', "uvar:"),
    ('<p><?cs name:Query ?></p>', "name:"),
    ('<p><?cs lvar:Query.x ?></p>', "lvar:"),
    ('<?cs escape:"none" ?><p><?cs var:Query.q ?></p><?cs /escape ?>', "escape"),
    ('<script>var q = "<?cs var:Query.q ?>";</script>', "js_escape"),
    ('<button onclick="go(\'<?cs var:Page.X ?>\')">', "js_escape"),
]

GOOD = [
    '<input value="<?cs alt:html_escape(Query.date) ?>x<?cs /alt ?>">',
    '<input value="<?cs if:Query.d ?><?cs var:Query.d ?><?cs else ?>2<?cs /if ?>">',
    '<a href="/search?q=<?cs var:url_escape(Query.q) ?>&amp;p=<?cs var:Page.P ?>">',
    '<a href="<?cs var:url_validate(Page.R.Website) ?>">',
    '<a href="/r/<?cs var:Page.R.Slug ?>">',
    '<script src="/static/js/x.js?v=<?cs var:Site.AssetVersion ?>"></script>'
    '<p><?cs var:Query.q ?></p>',
]


def test_checker_negative_control():
    for text, why in BAD:
        found = check_text("bad.cs", text)
        if not found or not any(why in p for p in found):
            raise AssertionError("the checker misses %r (%s): %r" % (text, why, found))
    for text in GOOD:
        found = check_text("good.cs", text)
        if found:
            raise AssertionError("the checker flags safe output: %r" % found)


if __name__ == "__main__":
    out = []
    for p in sys.argv[1:] or [TEMPLATES]:
        if os.path.isdir(p):
            out += check_tree(p)[0]
        else:
            with open(p, encoding="utf-8") as fh:
                out += check_text(p, fh.read())
    print("\n".join(out) or "no raw output")
    sys.exit(1 if out else 0)
