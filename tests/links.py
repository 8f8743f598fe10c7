"""The same-site links a page shows (a href, a GET form's action, hx-get), and whether each
opens for the user who sees it (issue 12, item 7): a link, button or breadcrumb that leads to
403 or 404 should not have been shown."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Files and tools that are not pages of the site: the static files, and the API (its links are
# data, and its browsable pages are a developer's).
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/")


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form" and (values.get("method") or "get").lower() == "get" and values.get("action"):
            self.links.append(values["action"])
        if values.get("hx-get"):
            self.links.append(values["hx-get"])


def same_site_links(html: str, page_url: str) -> list[str]:
    """Every distinct same-site link of a page, as a path with its query, in page order."""
    parser = _LinkParser()
    parser.feed(html)
    seen: dict[str, None] = {}
    for href in parser.links:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        absolute = urlsplit(urljoin("http://testserver" + page_url, href))
        if absolute.netloc != "testserver" or absolute.path.startswith(SKIPPED_PREFIXES):
            continue
        seen.setdefault(absolute.path + (f"?{absolute.query}" if absolute.query else ""), None)
    return list(seen)


def route_of(url: str) -> str:
    """The URL pattern a link resolves to (its route name), or the path when none does."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match.route
