"""Shared fixtures. NLTK_DATA points at an empty folder: nothing may need NLTK data files."""

import os
import tempfile

os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="empty-nltk-data-")

import pytest  # noqa: E402

#: A small corpus with a label set of its own (not the four modes).
TOPICS = {
    "health": [
        "The hospital opened a new ward for patients with heart disease.",
        "Doctors urged patients to get the flu vaccine before winter.",
        "Nurses at the clinic treated more patients this year than last.",
        "The health ministry funded vaccine research at two hospitals.",
        "A shortage of doctors left rural clinics without cover for patients.",
        "Hospital waiting lists for heart surgery grew again, doctors said.",
    ],
    "trade": [
        "Exports of steel rose as tariffs on imports were cut.",
        "The trade agreement lowers tariffs on farm exports.",
        "Importers paid higher tariffs on steel from three countries.",
        "Farm exports fell after the trade talks collapsed.",
        "The ministry expects exports to recover once tariffs fall.",
        "A trade surplus in steel and farm goods was reported for the quarter.",
    ],
    "weather": [
        "Heavy rain and strong wind are forecast for the coast tomorrow.",
        "The storm brought rain and snow to the northern hills.",
        "Forecasters expect wind and rain to ease by the weekend.",
        "Snow closed mountain roads as the storm moved east.",
        "A dry, sunny week is forecast after the rain stops.",
        "Strong wind from the storm cut power along the coast.",
    ],
}


@pytest.fixture(scope="session")
def topic_data():
    texts = [t for items in TOPICS.values() for t in items]
    labels = [label for label, items in TOPICS.items() for _ in items]
    return texts, labels


@pytest.fixture(scope="session")
def topic_model(topic_data):
    import framing

    return framing.train(*topic_data, cv=None, min_df=1, abstain_label=None)


@pytest.fixture
def cli(capsys):
    """Run the ``framing`` command line in-process: ``code, out, err = cli("tag", path)``."""
    from framing._cli import main

    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run
