"""Nudges: a registry of rules (``registry``), evaluated in bulk and sent exactly once
(``engine``). How to add a rule: docs/engagement.md."""
