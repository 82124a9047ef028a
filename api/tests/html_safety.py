"""Finds executable content in rendered HTML: what an XSS payload would need to run."""

from html.parser import HTMLParser

DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_data_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            kind = (attrs.get("type") or "").lower()
            src = attrs.get("src") or ""
            if kind in DATA_SCRIPT_TYPES:
                self._in_data_script = True
            elif not src.startswith("/static/"):
                self.problems.append(f"<script> without a local src: {attrs}")
        for name, value in attrs.items():
            if name.lower().startswith("on"):
                self.problems.append(f"event handler attribute {name}={value!r} on <{tag}>")
            if name.lower() in URL_ATTRIBUTES and value:
                cleaned = "".join(value.split()).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data_script = False


def executable_content(html: str):
    """A list of problems; empty when nothing in the page could run script."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems
