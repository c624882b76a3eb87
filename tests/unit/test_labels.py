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
