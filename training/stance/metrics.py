"""Scores shared by training and evaluation (no third-party dependency)."""

from __future__ import annotations


def macro_f1(gold, pred, labels) -> float:
    """Mean over ``labels`` of per-label F1 (a label never gold nor predicted scores 0)."""
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        fp = sum(g != label and p == label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)
