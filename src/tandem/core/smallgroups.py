"""The small-group rule shared by surveys and insights.

No figure is shown for a group smaller than the threshold; when groups are hidden, more are
hidden (next-smallest first) until the hidden ones together reach the threshold too, so a
hidden group cannot be recovered by subtracting the shown ones from a total.
"""

from __future__ import annotations

from collections.abc import Mapping


def hidden_groups(counts: Mapping[str, int], threshold: int) -> set[str]:
    """The names of the groups whose figures must not be shown (empty groups are not hidden)."""
    hidden = {name for name, n in counts.items() if 0 < n < threshold}
    if not hidden:
        return hidden
    shown = sorted((n, name) for name, n in counts.items() if name not in hidden and n > 0)
    while shown and (len(hidden) == 1 or sum(counts[h] for h in hidden) < threshold):
        hidden.add(shown.pop(0)[1])
    return hidden
