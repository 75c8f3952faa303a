"""Closed classes of English words that several checkers read, each spelled once.

A checker builds the sets its rules need from these classes and the words of its own it
adds, so that a class means the same everywhere: a rule that reads "a possessive" reads
all seven. Lists tuned to one rule stay with it (``usage.PREPOSITIONS``, the prepositions
the model is offered in place of one another, is not every preposition).
"""

from __future__ import annotations

ARTICLES = frozenset({"a", "an", "the"})
POSSESSIVES = frozenset({"my", "your", "his", "her", "its", "our", "their"})  # possessive determiners
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
COORDINATORS = frozenset({"and", "or", "but", "nor"})
