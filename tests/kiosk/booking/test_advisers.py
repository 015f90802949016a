"""The advisers a terminal offers: the one the hub assigned first, then own village, then nearby
ones, never another city's (unless staff assigned that adviser)."""

import pytest

from contract.demo import demo_terminals, load_demo_content
from kiosk.booking.advisers import advisers_for_terminal, remember_assigned_adviser
from kiosk.config import TerminalConfig
from kiosk.store import ContentStore


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = ContentStore.open(tmp_path_factory.mktemp("advisers"))
    changes = {
        name: {"upsert": records, "delete": []} for name, records in load_demo_content().items()
    }
    store.apply(changes, version=1)
    yield store
    store.close()


@pytest.fixture
def guihu(demo_store):
    """新都区桂湖社区 (its village is served by 王 and 张), with no assignment held yet."""
    demo_store.set_assigned_adviser(None)
    yield TerminalConfig(village="桂湖社区", lat=30.825188, lng=104.160449, datum="gcj02")
    demo_store.set_assigned_adviser(None)


def ids(store, terminal) -> list[str]:
    return [a["id"] for a in advisers_for_terminal(store, terminal)]


def test_each_demo_terminal_offers_its_own_advisers_first_and_only_local_ones(demo_store):
    for place in demo_terminals():
        terminal = TerminalConfig(
            name=place["name"],
            place=place["place"],
            village=place["village"],
            lat=place["lat"],
            lng=place["lng"],
            datum=place["datum"],
        )
        advisers = advisers_for_terminal(demo_store, terminal)
        assert advisers[0]["id"] == place["adviser_id"] or place["village"] in advisers[0]["serves"]
        prefix = place["adviser_id"].split("-")[0]
        assert {a["id"].split("-")[0] for a in advisers} == {prefix}, place["name"]
        assert len(advisers) == 3


def test_a_terminal_far_from_every_institution_offers_only_its_village(demo_store):
    terminal = TerminalConfig(village="桂湖社区", lat=45.75, lng=126.63, datum="gcj02")
    advisers = advisers_for_terminal(demo_store, terminal)
    assert advisers and all("桂湖社区" in a["serves"] for a in advisers)


def test_the_assigned_adviser_is_listed_first_and_only_once(demo_store, guihu):
    # Unassigned, the village's advisers come by name: 张 sorts before 王.
    assert ids(demo_store, guihu) == ["xd-adv-zhang", "xd-adv-wang", "xd-adv-he"]
    remember_assigned_adviser(demo_store, {"server_time": "x", "adviser_id": "xd-adv-wang"})
    assert ids(demo_store, guihu) == ["xd-adv-wang", "xd-adv-zhang", "xd-adv-he"]
    remember_assigned_adviser(demo_store, {"server_time": "x", "adviser_id": "xd-adv-he"})
    assert ids(demo_store, guihu) == ["xd-adv-he", "xd-adv-zhang", "xd-adv-wang"]


def test_an_assigned_adviser_of_another_city_is_still_listed_first(demo_store, guihu):
    """Staff chose them for this terminal: the distance rule does not overrule staff."""
    remember_assigned_adviser(demo_store, {"adviser_id": "lh-adv-zhao"})
    assert ids(demo_store, guihu) == ["lh-adv-zhao", "xd-adv-zhang", "xd-adv-wang", "xd-adv-he"]


def test_an_assignment_the_content_does_not_know_yet_changes_nothing(demo_store, guihu):
    remember_assigned_adviser(demo_store, {"adviser_id": "adv-published-tomorrow"})
    assert demo_store.assigned_adviser_id() == "adv-published-tomorrow"
    assert ids(demo_store, guihu) == ["xd-adv-zhang", "xd-adv-wang", "xd-adv-he"]


@pytest.mark.parametrize(
    ("answer", "held"),
    [
        ({"adviser_id": "xd-adv-he"}, "xd-adv-he"),
        ({"adviser_id": None}, None),  # staff removed the assignment
        ({"server_time": "2026-12-03T10:00:00+08:00"}, "xd-adv-zhang"),  # an older hub: keep
        ({"adviser_id": 7}, "xd-adv-zhang"),
        ({"adviser_id": ""}, "xd-adv-zhang"),
        ({"adviser_id": "x" * 65}, "xd-adv-zhang"),
        ({"adviser_id": ["xd-adv-he"]}, "xd-adv-zhang"),
    ],
)
def test_what_a_heartbeat_answer_leaves_in_the_store(demo_store, guihu, answer, held):
    demo_store.set_assigned_adviser("xd-adv-zhang")
    remember_assigned_adviser(demo_store, answer)
    assert demo_store.assigned_adviser_id() == held
