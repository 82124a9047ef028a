"""Checks on rendered HTML that axe cannot make: duplicate ids and dangling id references."""

from collections import Counter
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.references = []  # (attribute, id) from label for, aria-describedby, aria-labelledby

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "label" and "for" in attrs:
            self.references.append(("label for", attrs["for"] or ""))
        for name in ("aria-describedby", "aria-labelledby"):
            for ref in (attrs.get(name) or "").split():
                self.references.append((name, ref))


def id_problems(html: str) -> list[str]:
    """Ids used twice, and labels / ARIA references pointing to no element."""
    collector = _Collector()
    collector.feed(html)
    problems = [f"id {i!r} used {n} times" for i, n in collector.ids.items() if n > 1]
    problems += [
        f"{attribute}={ref!r} points to no element"
        for attribute, ref in collector.references
        if ref not in collector.ids
    ]
    return problems
