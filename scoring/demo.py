"""Scoring part of the demo data (called by `load_demo` after the organisation is loaded)."""


def load(*, stdout=None):
    """Give each demo bloc-year its scale and, for completed years, scores that match the seeds' rankings.

    Idempotent like the rest of load_demo. Filled in by the scoring slices.
    """
