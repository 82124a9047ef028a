"""Locust users for `make bench-load` (started by bench/load/run.py).

The user mix follows issue 9: anonymous search with facets 60 %, solution pages 25 %,
signed-in need matching 10 %, workshop registration 5 %. Requests carry
`X-Forwarded-Proto: https` as the TLS proxy in front of production would; the secure session
and CSRF cookies are therefore sent back over the plain loopback connection.

Every request is also written to BENCH_LOAD_REQUESTS (CSV: start as Unix time, name, ms,
failed) when Locust quits: run.py compares the seconds after each catalog write with the rest.
"""

import csv
import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

FIXTURES = json.loads(Path(os.environ["BENCH_LOAD_FIXTURES"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CANCEL = re.compile(r'href="(/veranstaltungen/abmelden/[0-9a-f-]+/)"')
NEED = re.compile(r"/vorhaben/(\d+)/")
_need_users = itertools.cycle(sorted(FIXTURES["need_users"]))
_workshop_users = itertools.cycle(FIXTURES["workshop_users"])
_requests = []  # (start, name, response time ms, failed)


@events.request.add_listener
def _record(name, response_time, exception=None, start_time=None, **_kwargs):
    start = start_time or time.time() - response_time / 1000
    _requests.append((round(start, 3), name, round(response_time, 1), int(exception is not None)))


@events.quitting.add_listener
def _write_requests(**_kwargs):
    path = os.environ.get("BENCH_LOAD_REQUESTS")
    if path:
        with open(path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["start", "name", "ms", "failed"])
            writer.writerows(_requests)


class _BehindTlsProxy(RequestsCookieJar):
    """The proxy terminates TLS: secure cookies go back over the loopback connection."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class _SiteUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "de"})
        self.client.cookies = _BehindTlsProxy()

    def post_form(self, path, data, name, form_path=None, expect=None):
        """GET the form page for the CSRF token, POST with the Referer a browser would send.

        `expect(response)` returns an error text when the answer is not what it should be."""
        page = self.client.get(form_path or path, name=f"{name} (form)")
        token = CSRF.search(page.text)
        referer = f"https://{self.host.split('://', 1)[1]}{form_path or path}"
        with self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1) if token else "", **data},
            headers={"Referer": referer},
            name=name,
            catch_response=True,
        ) as response:
            problem = None if response.ok else f"HTTP {response.status_code}"
            if problem is None and token is None:
                problem = "no CSRF token on the form page"
            if problem is None and expect is not None:
                problem = expect(response)
            if problem:
                response.failure(problem)
            return response

    def login(self, email):
        self.post_form(
            "/konto/login/",
            {"login": email, "password": FIXTURES["password"]},
            "login",
            expect=lambda r: "still on the login page" if "/konto/login/" in r.url else None,
        )


class AnonymousSearch(_SiteUser):
    weight = 60

    @task
    def search(self):
        params = {"q": random.choice(FIXTURES["queries"])}
        facet = random.choice(["topic", "maturity", "deployment", "hosting", "size", "none"])
        if facet == "topic":
            params["topic"] = random.choice(FIXTURES["topics"])
        elif facet == "maturity":
            params["maturity"] = random.choice(["pilot", "market_ready"])
        elif facet == "deployment":
            params["deployment"] = random.choice(["saas", "on_premise", "hardware"])
        elif facet == "hosting":
            params["hosting"] = "de"
        elif facet == "size":
            params["size"] = random.choice(["lt5k", "5k-20k", "20k-100k"])
        if random.random() < 0.2:
            params.pop("q")
            params["page"] = random.randint(1, 5)
        self.client.get("/loesungen/", params=params, name="search with facets")


class SolutionPages(_SiteUser):
    weight = 25

    @task
    def solution(self):
        slug = random.choice(FIXTURES["solutions"])
        self.client.get(f"/loesungen/{slug}/", name="solution page")


class NeedMatching(_SiteUser):
    weight = 10

    def on_start(self):
        super().on_start()
        self.email = next(_need_users)
        self.needs = list(FIXTURES["need_users"][self.email])
        self.login(self.email)

    @task(4)
    def open_need(self):
        self.client.get(f"/vorhaben/{random.choice(self.needs)}/", name="need page (matches)")

    @task(1)
    def list_needs(self):
        self.client.get("/vorhaben/", name="need list")

    @task(1)
    def post_need(self):
        response = self.post_form(
            "/vorhaben/neu/",
            {
                "title": "Sensoren für Pegelstände an kleinen Bächen",
                "description": "Wir suchen ein Frühwarnsystem für Starkregen und Hochwasser.",
                "topics": random.sample(FIXTURES["topic_ids"], 1),
                "visibility": "private",
            },
            "post need",
            expect=lambda r: None if NEED.search(r.url) else "need form not accepted",
        )
        found = NEED.search(response.url)
        if found:
            self.needs.append(int(found.group(1)))


class WorkshopRegistration(_SiteUser):
    weight = 5

    def on_start(self):
        super().on_start()
        self.login(next(_workshop_users))
        self.page = f"/veranstaltungen/{FIXTURES['workshop']}/"

    @task
    def register_and_cancel(self):
        self.client.get("/veranstaltungen/", name="workshop list")
        response = self.post_form(
            f"{self.page}anmelden/",
            {},
            "workshop registration",
            form_path=self.page,
            expect=lambda r: None if CANCEL.search(r.text) else "no cancel link after registering",
        )
        cancel = CANCEL.search(response.text)
        if cancel:
            self.post_form(
                cancel.group(1),
                {},
                "cancel registration",
                expect=lambda r: None if CANCEL.search(r.text) is None else "still registered",
            )
