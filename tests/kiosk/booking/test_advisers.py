"""The advisers a terminal offers: own village first, then nearby ones, never another city's."""

import pytest

from contract.demo import demo_terminals, load_demo_content
from kiosk.booking.advisers import advisers_for_terminal
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
