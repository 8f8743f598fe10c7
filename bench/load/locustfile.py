"""The load test's people, on the demo district (password DEMO_PASSWORD): instructors logging
visits on their phones, street users browsing lists and rule pages, leaders opening dashboards,
and one clerk previewing a ledger import over and over. Requests are named by page type, which
is what the report groups by."""

import re
import subprocess
import sys

from gevent.lock import Semaphore
from locust import HttpUser, between, task

from liangxin.demo.words import DEMO_PASSWORD

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# One login per account, its session shared by everyone playing that account: the password hash
# (PBKDF2, by design ~0.4 s of CPU) would otherwise dominate the first seconds of every run.
_SESSIONS: dict[str, dict[str, str]] = {}
_LOGIN = Semaphore()


class Person(HttpUser):
    abstract = True
    username = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        with _LOGIN:
            if self.username not in _SESSIONS:
                page = self.client.get("/accounts/login/", name="登录页")
                page = self.client.post("/accounts/login/", {"username": self.username, "password": DEMO_PASSWORD,
                                                             "csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
                                        headers={"Referer": self.host + "/accounts/login/"}, name="登录")
                if "/accounts/otp/" in page.url:
                    # The second factor (street users): the code the command line gives, as in the demo.
                    code = subprocess.run([sys.executable, "manage.py", "otp", self.username], capture_output=True,
                                          text=True, check=True).stdout.strip()
                    self.client.post(page.url, {"code": code, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
                                     headers={"Referer": page.url}, name="双因素验证")
                _SESSIONS[self.username] = self.client.cookies.get_dict()
        self.client.cookies.update(_SESSIONS[self.username])


class InstructorOnPhone(Person):
    """Opens the visit form and logs a visit, as at a company's door."""

    username = "instructor1"
    weight = 3

    @task(3)
    def visit_form(self) -> None:
        self.client.get("/instructors/visits/add/", name="走访表单（手机）")

    @task(1)
    def workspace(self) -> None:
        self.client.get("/instructors/me/", name="页面：我的工作台")


class StreetUser(Person):
    username = "street1"
    weight = 4

    @task(3)
    def organizations(self) -> None:
        self.client.get("/organizations/", name="页面：列表")

    @task(2)
    def members(self) -> None:
        self.client.get("/members/", name="页面：列表")

    @task(1)
    def search(self) -> None:
        self.client.get("/organizations/?q=科技", name="页面：列表")

    @task(2)
    def rules(self) -> None:
        self.client.get("/rules/", name="页面：规则")

    @task(2)
    def rule(self) -> None:
        self.client.get("/rules/ORG-1/", name="页面：规则")


class Leader(Person):
    username = "leader1"
    weight = 2

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="页面：仪表盘")

    @task(1)
    def coverage(self) -> None:
        self.client.get("/rules/coverage/", name="页面：仪表盘")


class Clerk(Person):
    """One clerk (fixed_count) previews the street's own ledger, exported first, again and again:
    the site must stay fast while a preview runs."""

    username = "street1"
    fixed_count = 1
    wait_time = between(5, 10)

    def on_start(self) -> None:
        super().on_start()
        self.ledger = self.client.get("/ledger/export/organizations/", name="导出台账").content

    @task
    def preview(self) -> None:
        page = self.client.get("/ledger/import/", name="导入预览")
        self.client.post("/ledger/import/", {"kind": "ledger", "csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
                         files={"file": ("台账.xlsx", self.ledger)},
                         headers={"Referer": self.host + "/ledger/import/"}, name="导入预览")
