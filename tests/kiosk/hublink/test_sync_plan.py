"""The pure sync step: signature before parsing, rollback, gaps, record validation."""

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import ContentRejected
from kiosk.hublink.plan import load_public_key, plan

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
SHA = "a" * 64

CATEGORY = {"id": "marriage", "name": "婚姻家庭", "name_en": "Marriage", "icon": "", "sort": 1}
ARTICLE = {
    "id": "a1",
    "category_id": "marriage",
    "title": "离婚需要准备什么",
    "summary": "",
    "body": "示例正文",
    "tags": ["离婚"],
    "law_refs": [{"law": "民法典", "article": "第一千零七十九条"}],
    "media": [],
    "status": "published",
    "updated_at": "2026-11-01T10:00:00+08:00",
}


def raw_key(private=KEY) -> str:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(raw).decode()


def signed(payload: dict, private=KEY) -> tuple[bytes, str]:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return body, base64.b64encode(private.sign(body)).decode()


def answer(version=5, since=3, changes=None):
    return {
        "version": version,
        "since": since,
        "changes": changes
        if changes is not None
        else {
            "categories": {"upsert": [CATEGORY], "delete": []},
            "articles": {"upsert": [ARTICLE], "delete": ["old1"]},
        },
    }


def check(body, signature, *, held=3, highest=3, have_media=lambda sha: False):
    return plan(
        body,
        signature,
        public_key=load_public_key(raw_key()),
        held_version=held,
        highest_version=highest,
        have_media=have_media,
    )


def test_a_good_answer_becomes_a_plan():
    result = check(*signed(answer()))
    assert (result.version, result.since, result.empty) == (5, 3, False)
    # A record as an older hub sends it: review_by and the law's status are filled in.
    cleaned = {
        **ARTICLE,
        "review_by": "",
        "law_refs": [
            {
                "law": "民法典",
                "article": "第一千零七十九条",
                "status": "in_force",
                "effective": "2021-01-01",
            }
        ],
    }
    assert result.changes["articles"] == {"upsert": [cleaned], "delete": ["old1"]}
    assert list(result.changes) == ["categories", "articles"]


def test_keys_in_der_and_pem_are_accepted_too():
    public = KEY.public_key()
    der = base64.b64encode(
        public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ).decode()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    body, sig = signed(answer())
    for text in (der, pem):
        assert (
            plan(
                body, sig, public_key=load_public_key(text), held_version=3, highest_version=3
            ).version
            == 5
        )


def flip_one_byte(body: bytes) -> bytes:
    index = body.index(b"published")
    return body[:index] + b"P" + body[index + 1 :]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: (signed(answer())[0], None), "unsigned"),
        (lambda: (flip_one_byte(signed(answer())[0]), signed(answer())[1]), "bad_signature"),
        (lambda: signed(answer(), OTHER), "bad_signature"),
        (lambda: (signed(answer())[0][:-20], signed(answer())[1]), "bad_signature"),  # truncated
        (lambda: (signed(answer())[0], "not base64!"), "bad_signature"),
        (lambda: (b"x" * 10, base64.b64encode(KEY.sign(b"x" * 10)).decode()), "not_json"),
        (lambda: signed([1, 2]), "bad_shape"),
        (lambda: signed(answer(version=2, since=1)), "rollback"),
        (lambda: signed(answer(version=6, since=4)), "gap"),
        (lambda: signed({"version": "6", "since": 3, "changes": {}}), "bad_shape"),
        (lambda: signed(answer(changes={"secrets": {"upsert": []}})), "bad_shape"),
        (
            lambda: signed(answer(changes={"articles": {"upsert": [{**ARTICLE, "title": ""}]}})),
            "invalid_record",
        ),
        (
            lambda: signed(answer(changes={"articles": {"upsert": [{**ARTICLE, "extra": 1}]}})),
            "invalid_record",
        ),
        (lambda: signed(answer(changes={"articles": {"delete": ["bad id!"]}})), "invalid_record"),
    ],
)
def test_bad_answers_are_refused_with_a_reason(make, reason):
    body, signature = make()
    with pytest.raises(ContentRejected) as refused:
        check(body, signature)
    assert refused.value.reason == reason


def test_rollback_floor_is_the_highest_version_ever_accepted():
    body, sig = signed(answer(version=4, since=0))
    with pytest.raises(ContentRejected) as refused:
        check(body, sig, held=0, highest=5)  # content.db was rebuilt, the floor stays
    assert refused.value.reason == "rollback"
    assert check(*signed(answer(version=5, since=0)), held=0, highest=5).version == 5


def test_only_missing_media_is_listed_for_download():
    media = [
        {"id": SHA, "mime": "image/png", "size": 10, "name": "a.png"},
        {"id": "b" * 64, "mime": "image/png", "size": 5, "name": ""},
    ]
    result = check(
        *signed(answer(changes={"media": {"upsert": media, "delete": []}})),
        have_media=lambda sha: sha == SHA,
    )
    assert [m["id"] for m in result.media] == ["b" * 64]


def test_missing_or_wrong_pinned_key_is_refused():
    for text in ("", "abc", base64.b64encode(b"x" * 31).decode()):
        with pytest.raises(ContentRejected) as refused:
            load_public_key(text)
        assert refused.value.reason == "no_key"
