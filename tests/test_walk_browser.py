"""Every menu page for every demo role, in a real browser, at desktop and phone size (issue 12):
the page opens, no link it shows answers 4xx/5xx, no script error reaches the console, no
English word from Django or the code reaches the user, and nothing is wider than the screen.

It runs on a small demo district (`manage.py demo --orgs 200`: the smallest that holds every
feature) so that the pages hold what users see: full lists, the rules' cases, the instructors'
records. One browser; one context per role, logged in once through the login page; each page
at the desktop size, then the phone's. The links are fetched with the context's own session
(cookies shared), and sampled: LINKS_PER_PATTERN links of one URL pattern per role (one of a
list's fifty detail pages, one rule's page, one export). Fetching every rule's page and every
export's format cost more than half of the walk (966 links, 164 s of 320 s for four roles) and
found nothing that tests/test_routes.py does not: it checks every link of every page it renders,
unsampled, as every persona, on the test world.
"""

import re
import time
from collections import Counter
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from liangxin.accounts.models import User
from liangxin.core.context_processors import navigation
from liangxin.demo.words import DEMO_PASSWORD
from liangxin.rules.registry import PARAMETERS
from tests.browser import CHROMIUM, PHONE, browser_page, log_in, requires_browser
from tests.conftest import PASSWORD
from tests.links import SKIPPED_PREFIXES

pytestmark = [pytest.mark.browser, requires_browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
ROLES = ("admin", "street1", "street2", "grid1", "instructor1", "secretary1", "pairing1", "leader1")
# Words from Django or from our code that must never reach a user: Django's English messages
# and empty choices, Python's None, the developer's names of parameters (keys, not titles).
FORBIDDEN = ("This field", "Content type", "---------", "None", "Forbidden", "Not Found", "Page not found",
             "Server Error", "Traceback", "Enter a valid", "Select a valid", "required.", "object (",
             "QuerySet", "undefined", "NaN")
ENGLISH_WORD = re.compile(r"\b(?:{})\b".format("|".join(re.escape(key) for key in sorted(PARAMETERS))))
LINKS_PER_PATTERN = 1


class FakeRequest:
    def __init__(self, user):
        self.user = user


def menu_pages(user) -> list[str]:
    """The home page and every entry of the user's menu and user corner, as the site draws them."""
    context = navigation(FakeRequest(user))
    pages = [reverse("dashboard:home")]
    pages += [reverse(url) for group in context["nav_groups"] for url, _label, _icon in group["items"]]
    pages.append(reverse("accounts:profile"))
    return list(dict.fromkeys(pages))


def forbidden_in(text: str) -> list[str]:
    found = [word for word in FORBIDDEN if word in text]
    found += sorted(set(ENGLISH_WORD.findall(text)))
    return found


@pytest.fixture
def demo_district(transactional_db, settings):
    # PBKDF2 at full strength costs ~0.4 s a login; this walk checks pages, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.monotonic()
    call_command("demo", orgs=200, stdout=StringIO())
    return time.monotonic() - started


def walk_role(browser, base_url: str, username: str, spent: Counter) -> tuple[list[str], int, int]:
    """Every menu page of one role at both sizes; what is wrong, pages and links checked.
    `spent` adds up the seconds spent loading pages and fetching links (by URL pattern)."""
    wrong: list[str] = []
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base_url, username, DEMO_PASSWORD)  # the second factor too, for the roles that need it
    link_status: dict[str, int] = {}
    sampled: Counter = Counter()
    pages = menu_pages(User.objects.get(username=username))
    # Between the phone and the desktop, the menu either fits or folds: never wider than a tablet.
    page.goto(base_url + pages[0], wait_until="load")
    for width in (1024, 1200):
        page.set_viewport_size({"width": width, "height": 900})
        if (scrolled := page.evaluate("document.documentElement.scrollWidth")) > width:
            wrong.append(f"{username} {pages[0]} ({width}px): {scrolled}px wide")
    for viewport, size in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        for path in pages:
            errors.clear()
            started = time.monotonic()
            # "load": the page's scripts have run. Nothing on a menu page loads after it (no
            # hx-trigger="load"; the only timers are the session's keep-alive and the leaders'
            # print layout), so no further wait, which cost 22 s of a four-role walk.
            response = page.goto(base_url + path, wait_until="load")
            spent["pages"] += time.monotonic() - started
            where = f"{username} {path} ({size})"
            if response is None or response.status >= 400:
                wrong.append(f"{where}: answered {response.status if response else 'nothing'}")
                continue
            wrong += [f"{where}: console error: {error}" for error in errors]
            text = page.inner_text("body")
            wrong += [f"{where}: shows {word!r}" for word in forbidden_in(text)]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                wide = page.evaluate(
                    """w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
                    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))""",
                    viewport["width"])
                wrong.append(f"{where}: {width}px wide, wider than {viewport['width']}px: {wide}")
            if size != "desktop":
                continue  # the same links at both sizes: checked once
            links = page.evaluate(
                """() => [...document.querySelectorAll('a[href], form[method=get][action], [hx-get]')]
                .map(e => e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('hx-get'))""")
            for href in links:
                url = _same_site(href, base_url, path)
                if url is None:
                    continue
                if url not in link_status:
                    pattern = link_pattern(url)
                    sampled[pattern] += 1
                    if sampled[pattern] > LINKS_PER_PATTERN:
                        continue
                    started = time.monotonic()
                    link_status[url] = context.request.get(base_url + url, max_redirects=0).status
                    spent["links"] += time.monotonic() - started
                    spent[f"links {pattern[0]}"] += time.monotonic() - started
                if link_status[url] >= 400:
                    wrong.append(f"{where}: shows a link to {url}, which answers {link_status[url]}")
    context.close()
    return wrong, len(pages) * 2, len(link_status)


def link_pattern(url: str) -> tuple:
    """A link's URL pattern (its view), whatever its arguments."""
    try:
        return (resolve(urlsplit(url).path).view_name,)
    except Resolver404:
        return (url,)


def _same_site(href: str, base_url: str, path: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    absolute = urlsplit(urljoin(base_url + path, href))
    if f"{absolute.scheme}://{absolute.netloc}" != base_url or absolute.path.startswith(SKIPPED_PREFIXES):
        return None
    return absolute.path + (f"?{absolute.query}" if absolute.query else "")


# Two walks of four roles each: `make test` runs with two workers, which take one each, so the
# walk's wall time is about half of walking all eight in one test (each builds its own demo).
WALKS = {"admin-grid-instructor-pairing": ("admin", "grid1", "instructor1", "pairing1"),
         "streets-secretary-leader": ("street1", "street2", "secretary1", "leader1")}
assert sorted(role for roles in WALKS.values() for role in roles) == sorted(ROLES)


@pytest.mark.parametrize("roles", WALKS.values(), ids=WALKS.keys())
def test_every_menu_page_of_every_role_opens_clean_at_both_sizes(live_server, demo_district, roles):
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    wrong, pages, links = [], 0, 0
    spent: Counter = Counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        try:
            for username in roles:
                role_wrong, role_pages, role_links = walk_role(browser, live_server.url, username, spent)
                wrong += role_wrong
                pages += role_pages
                links += role_links
        finally:
            browser.close()
    seconds = time.monotonic() - started
    slowest = ", ".join(f"{key[6:]} {value:.0f} s" for key, value in
                        [(k, v) for k, v in spent.most_common() if k.startswith("links ")][:5])
    print(f"walked {pages} pages ({spent['pages']:.0f} s) and {links} links ({spent['links']:.0f} s: {slowest}) "
          f"of {len(roles)} roles in {seconds:.0f} s (demo district built in {demo_district:.0f} s)")
    assert pages >= len(roles) * 2 * 3
    assert not wrong, "\n".join(wrong)


def test_a_list_searches_once_on_its_button_not_while_typing(live_server, transactional_world):
    with browser_page(DESKTOP) as page:
        log_in(page, live_server.url, "street1", PASSWORD)
        page.goto(f"{live_server.url}/organizations/")
        searches = []
        page.on("request", lambda r: searches.append(r.url) if r.headers.get("hx-request") else None)
        page.type("#id_q", "东方", delay=50)
        page.wait_for_timeout(800)
        assert searches == []  # typing alone sends nothing
        with page.expect_response(lambda r: "q=" in r.url):
            page.click("main form button[type=submit]")
        page.wait_for_timeout(500)
        assert len(searches) == 1, searches  # 查询 (which also leaves the box) sends one request
        assert "东方电子有限公司" in page.inner_text("#object-table")
        assert "西城科技有限公司" not in page.inner_text("#object-table")
        page.select_option("#id_kind", "enterprise")  # a choice still applies at once
        page.wait_for_timeout(800)
        assert len(searches) == 2, searches
