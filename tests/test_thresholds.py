"""The relation model's cut choice (extract/thresholds.py): the best of the smoothed F1 curve."""

from neurograph.extract.thresholds import DocumentPairs, _smoothed, best_cuts, pair_f1


def _docs(scores_and_gold):
    """One document per statement: (probability, related?)."""
    docs = []
    for i, (p, related) in enumerate(scores_and_gold):
        pair = frozenset({f"a{i}", f"b{i}"})
        docs.append(DocumentPairs({pair} if related else set(), set(), [(p, "x", frozenset({pair}))]))
    return docs


def test_a_lone_spike_does_not_win_over_a_broad_stretch():
    # A broad stretch of mostly related statements from 0.80 down to 0.50, then a narrow spike: two related
    # statements at 0.40 and 0.39 among unrelated ones just above and below. Taking everything down to 0.39
    # is a hair better than stopping at 0.50, so the exact best is the spike's 0.39; the smoothed best stays
    # in the stretch.
    stretch = [(0.80 - 0.01 * k, k % 5 != 4) for k in range(31)]
    tail = [(0.42, False), (0.41, False), (0.40, True), (0.39, True), (0.38, False), (0.37, False), (0.36, False)]
    docs = _docs(stretch + tail)
    cuts, _, _ = best_cuts(docs, ["x"], 0.5)
    assert 0.45 <= cuts["x"] <= 0.55
    exact = max((pair_f1(docs, {"x": c}, 0.5)[0], c) for c in (0.50, 0.39))
    assert exact[1] == 0.39  # the unsmoothed curve would have taken the spike


def test_smoothing_averages_within_the_window_only():
    options = [(0.0, 1.0), (0.2, 0.9), (0.8, 0.5), (0.4, 0.49), (0.1, 0.1)]
    smoothed = _smoothed(options, 0.02)
    assert [round(x, 12) for x in (smoothed[0], smoothed[1], smoothed[4])] == [0.0, 0.2, 0.1]
    assert abs(smoothed[2] - 0.6) < 1e-12 and abs(smoothed[3] - 0.6) < 1e-12
    assert [round(x, 12) for x in _smoothed(options, 0.0)] == [f1 for f1, _ in options]
