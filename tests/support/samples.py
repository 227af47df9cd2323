"""Small sources several test modules build: one quiz and the manual page it teaches from."""

from __future__ import annotations

__all__ = ["GUIDE", "QUIZ"]

#: A manual page with the section the quiz's question links to (``guide.md#hashing``).
GUIDE = "# Guide\n\n## Hashing\n\nText.\n"

#: ``quizzes/basics.yml``: one true/false question that teaches ``guide.md#hashing``.
QUIZ = """\
id: basics
title: Basics
questions:
  - type: true_false
    prompt: Hashes are one-way.
    answer: true
    teaches: guide.md#hashing
"""
