"""The inbound API: token auth, idempotent ingest, clear 4xx errors, read-back, OpenAPI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from socialguard.inbox import tokens
from socialguard.inbox.models import InboundItem, ItemRevision

pytestmark = pytest.mark.django_db

URL = "/api/v1/inbound"


def _item(**changes: Any) -> dict[str, Any]:
    item = {
        "platform": "facebook",
        "account_handle": "sthelenscouncil",
        "platform_item_id": "fb_1",
        "author_handle": "jo.bloggs",
        "author_name": "Jo Bloggs",
        "text": "Our bin on Elm Road hasn't been emptied for two weeks, can someone sort it?",
        "posted_at": "2026-11-23T08:41:00Z",
    }
    item.update(changes)
    return item


class Api:
    """A test client with a council's bearer token."""

    def __init__(self, plaintext: str) -> None:
        self.client = Client(enforce_csrf_checks=True)  # as a browser-less integration would be
        self.auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}

    def post(self, body: Any, raw: str | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body)
        return self.client.post(URL, data, content_type="application/json", **self.auth)

    def get(self, path: str = URL, **params: Any) -> Any:
        return self.client.get(path, params, **self.auth)


@pytest.fixture
def api(sh) -> Api:
    return Api(tokens.create_token(actor=None, council=sh.council, name="test").plaintext)


@pytest.fixture
def el_api(el) -> Api:
    return Api(tokens.create_token(actor=None, council=el.council, name="test").plaintext)


def test_one_comment_in_gives_its_decision(api) -> None:
    response = api.post(_item())
    assert response.status_code == 201, response.content
    [result] = response.json()["results"]
    assert result["created"] is True and result["revised"] is False
    assert result["decision"] == "route" and "service_request" in result["categories"]
    assert result["status"] == "queued" and result["platform_item_id"] == "fb_1"


def test_sending_the_same_comment_again_creates_nothing(api) -> None:
    first = api.post(_item()).json()["results"][0]
    again = api.post(_item())
    assert again.status_code == 200
    assert again.json()["results"][0] == {**first, "created": False}
    assert InboundItem.objects.count() == 1


def test_an_edited_comment_is_revised_and_rescreened(api) -> None:
    api.post(_item())
    edited = api.post(_item(text="Sorted now, thanks. Ring me on 07700 900123 if needed"))
    assert edited.status_code == 200
    result = edited.json()["results"][0]
    assert result["revised"] is True and result["decision"] == "hide_pending_review"
    assert ItemRevision.objects.count() == 2


def test_a_batch_returns_one_result_per_item_in_order(api) -> None:
    items = [_item(platform_item_id=f"fb_{n}", text=f"Great event number {n}!") for n in range(5)]
    response = api.post({"items": items})
    assert response.status_code == 201
    assert [r["platform_item_id"] for r in response.json()["results"]] == [
        f"fb_{n}" for n in range(5)
    ]


def test_a_batch_with_one_bad_row_is_refused_whole_with_per_row_errors(api) -> None:
    items = [
        _item(platform_item_id="ok1"),
        _item(platform_item_id="bad", text=""),
        _item(platform_item_id="ok2"),
    ]
    response = api.post({"items": items})
    assert response.status_code == 400
    body = response.json()
    assert "nothing was saved" in body["detail"]
    assert body["errors"] == [
        {"index": 1, "field": "text", "reason": "This field is required and cannot be empty."}
    ]
    assert InboundItem.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ('{"platform": "facebook", ', "The request body is not valid JSON"),
        ("[1, 2]", "Send one item (a JSON object)"),
        ('"text"', "Send one item (a JSON object)"),
        ('{"items": []}', "`items` must be a non-empty list"),
        ('{"items": {"a": 1}}', "`items` must be a non-empty list"),
        ("\xff\xfe", "The request body is not valid JSON"),
    ],
)
def test_malformed_bodies_get_a_clear_json_400(api, raw, detail) -> None:
    response = api.post(None, raw=raw)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith(detail)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"account_handle": "somebodyelse"}, "account_handle"),
        ({"text": None}, "text"),
        ({"text": "x" * 10_001}, "text"),
        ({"posted_at": "yesterday"}, "posted_at"),
        ({"platform": "friendster"}, "platform"),
    ],
)
def test_bad_items_get_a_400_naming_the_field(api, changes, field) -> None:
    response = api.post(_item(**changes))
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_more_than_500_items_are_refused(api) -> None:
    items = [_item(platform_item_id=str(n)) for n in range(501)]
    response = api.post({"items": items})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "items"


def test_a_councils_token_cannot_write_to_another_councils_accounts(api, el) -> None:
    response = api.post(_item(account_handle=el.facebook.handle))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "account_handle"
    assert InboundItem.objects.count() == 0


def test_a_councils_token_cannot_read_another_councils_comments(api, el_api) -> None:
    own = api.post(_item()).json()["results"][0]["id"]
    assert el_api.get(f"{URL}/{own}").status_code == 404
    assert el_api.get().json() == {"count": 0, "next": None, "results": []}
    assert api.get(f"{URL}/{own}").status_code == 200


def test_no_bad_or_revoked_token_is_401(sh, api) -> None:
    client = Client()
    assert client.post(URL, json.dumps(_item()), content_type="application/json").status_code == 401
    assert client.get(URL).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer sg_nonsense").status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Token abc").status_code == 401
    new = tokens.create_token(actor=None, council=sh.council, name="old")
    tokens.revoke_token(actor=None, token=new.token)
    revoked = Api(new.plaintext)
    assert revoked.post(_item()).status_code == 401
    assert revoked.get().status_code == 401
    assert InboundItem.objects.count() == 0


def test_one_comment_reads_back_with_findings_referrals_and_revisions(api) -> None:
    item_id = api.post(_item()).json()["results"][0]["id"]
    api.post(_item(text="Still not emptied! Elm Road, please sort the bin"))
    body = api.get(f"{URL}/{item_id}").json()
    assert body["id"] == item_id and body["account_handle"] == "sthelenscouncil"
    assert body["status"] == "queued" and body["urgency"] == "routine"
    assert body["decision"] == "route" and body["revision"] == 2
    finding = next(f for f in body["findings"] if f["category"] == "service_request")
    assert finding["clauses"] == ["6.16", "6.17"]
    assert finding["explanation"]
    [referral] = body["referrals"]
    assert referral["reference"].startswith("SH-CC-") and referral["status"] == "open"
    assert [r["number"] for r in body["revisions"]] == [1, 2]
    assert len(body["revisions"][0]["sha256"]) == 64
    assert body["policy_pack"] == "st-helens-2018" and body["pack_hash"].startswith("sha256:")


def test_the_list_is_cursor_paginated_and_filtered(api, sh) -> None:
    texts = ["Great event!", "Bins not emptied on Elm Road", "You are f***ing useless"] * 3
    for n, text in enumerate(texts):
        account = "sthelenscouncil"
        api.post(_item(platform_item_id=f"p{n}", text=text, account_handle=account,
                       platform="x" if n % 2 else "facebook"))  # fmt: skip
    first = api.get(limit=4).json()
    assert first["count"] == 9 and len(first["results"]) == 4
    assert first["next"].startswith("http://testserver/api/v1/inbound?")
    second = Client().get(first["next"], **api.auth).json()
    third = Client().get(second["next"], **api.auth).json()
    assert third["next"] is None
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert ids == sorted(ids) and len(set(ids)) == 9
    assert api.get(status="hidden").json()["count"] == 3
    assert api.get(category="service_request").json()["count"] == 3
    assert api.get(category="service_request", status="hidden").json()["count"] == 0
    assert api.get(account_handle="@StHelensCouncil").json()["count"] == 9
    assert api.get(since="2099-01-01T00:00:00Z").json()["count"] == 0
    assert api.get(since="2000-01-01T00:00:00Z").json()["count"] == 9


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"category": "rudeness"}, {"cursor": "!!!"}, {"cursor": "WzEsMl0"}],
)
def test_bad_list_parameters_are_a_400(api, params) -> None:
    response = api.get(**params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_bad_since_or_limit_is_a_4xx(api) -> None:
    assert api.get(since="last week").status_code == 422
    assert api.get(limit=0).status_code == 422
    assert api.get(limit=1000).status_code == 422


def test_the_api_is_in_the_openapi_schema_with_examples(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/inbound"]["post"]
    body = post["requestBody"]["content"]["application/json"]
    assert set(body["examples"]) == {"one", "batch"}
    one, batch = body["schema"]["oneOf"]
    assert "text" in one["required"] and batch["properties"]["items"]["maxItems"] == 500
    assert {"200", "201", "400", "401"} <= set(post["responses"])
    assert "/api/v1/inbound/{item_id}" in schema["paths"]
    listing = schema["paths"]["/api/v1/inbound"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {
        "account_handle", "status", "category", "since", "cursor", "limit",
    }  # fmt: skip
    assert post["security"] == [{"TokenAuth": []}]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
