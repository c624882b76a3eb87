"""Labels: every code of the schema's vocabularies has reader-facing words, declared once."""

from __future__ import annotations

from desertion import labels, periods, schema


def test_every_vocabulary_code_has_a_label():
    assert set(labels.ARTICLE_LABELS) == set(schema.ARTICLES) | set(schema.SENTENCE_ARTICLES)
    assert set(labels.MEASURE_LABELS) == set(schema.COURT_MEASURES)
    assert set(labels.SCOPE_LABELS) == set(schema.SCOPES)
    assert set(labels.METRIC_LABELS) == set(schema.IDITE_LESOM_METRICS)
    assert set(labels.GRADE_LABELS) == set(schema.GRADES)
    assert set(labels.KIND_LABELS) == set(schema.QUOTE_KINDS)
    assert set(labels.VERIFICATION_LABELS) == set(labels.VERIFICATION_BADGES) == set(schema.VERIFICATION)
    assert set(labels.STATUS_BADGES) == set(schema.CLAIM_STATUSES)
    assert set(labels.EVENT_CATEGORY_LABELS) == set(schema.EVENT_CATEGORIES)
    assert set(labels.OFFICIAL_BODY_LABELS) == set(schema.OFFICIAL_BODIES)
    assert set(labels.OFFENCE_LABELS) == set(schema.OFFICIAL_OFFENCES)
    assert set(labels.OFFICIAL_MEASURE_LABELS) == set(schema.OFFICIAL_MEASURES)
    assert set(labels.ESTIMATOR_TYPE_LABELS) == set(schema.ESTIMATOR_TYPES)
    assert set(labels.TABLE_LABELS) == set(schema.TABLES)


def test_every_estimate_metric_shipped_has_words():
    """estimates.metric is free text: a new metric name needs its words in labels.py before it ships."""
    from desertion.loading import load_dataset
    from tests.conftest import DATA
    metrics = set(load_dataset(DATA, ["sources", "estimates"]).frames["estimates"]["metric"])
    assert metrics and metrics <= set(labels.ESTIMATE_METRIC_LABELS), metrics - set(labels.ESTIMATE_METRIC_LABELS)


def test_the_articles_windows_are_presets_under_their_own_names():
    presets = {p.label: p.period for p in periods.build_presets(periods.Period.of_months("2022-01", "2024-12"))}
    first, second = periods.ARTICLE_WINDOWS
    assert presets["Jun–Aug 2023"] == first and presets["Sep–Nov 2023"] == second


def test_every_label_of_every_vocabulary_has_its_russian_words():
    """A label added without a Russian translation would show English on a Russian page."""
    from desertion.i18n.active import active
    vocabularies = dict(labels.vocabularies())
    assert {"ARTICLE_LABELS", "METRIC_LABELS", "STATUS_BADGES", "TABLE_LABELS", "VERIFICATION_BADGES"} <= set(vocabularies)
    with active("ru"):
        russian = {(name, code): labels.label(vocabulary, code) for name, vocabulary in vocabularies.items()
                   for code in vocabulary}
    missing = [key for key, text in russian.items() if not any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in text)]
    assert not missing, missing


def test_labels_are_said_in_the_language_of_the_code_running_now():
    from desertion.i18n.active import active
    assert labels.label(labels.ARTICLE_LABELS, "337") == "Art. 337 AWOL" == labels.ARTICLE_LABELS["337"]
    with active("ru"):
        assert labels.label(labels.ARTICLE_LABELS, "337") == "Ст. 337 (СОЧ)"
        assert labels.labels_for(labels.MEASURE_LABELS)["verdicts"] == "приговоры"
        assert labels.status_badge("confirmed") == ("подтверждено", "green")
        assert labels.status_badge("new_status") == ("new status", labels.UNKNOWN_STATUS_COLOUR)
        assert labels.label(labels.ESTIMATE_METRIC_LABELS, "no_such_metric", default="no such metric") == "no such metric"
    assert labels.ARTICLE_LABELS["337"] == "Art. 337 AWOL"  # the vocabulary itself stays the message ids
