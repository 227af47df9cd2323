"""Read and write Moodle's GIFT quiz format (https://docs.moodle.org/en/GIFT_format).

[parse_gift][eduplat.quizzes.gift.parse_gift] turns GIFT text into plain frozen dataclasses
([GiftQuestion][eduplat.quizzes.gift.GiftQuestion] and
[GiftCategory][eduplat.quizzes.gift.GiftCategory]);
[dump_gift][eduplat.quizzes.gift.dump_gift] writes them back so that
``parse_gift(dump_gift(items)) == items``. The records know nothing of eduplat's own quiz
model: mapping happens elsewhere.

The reference for what a file means is Moodle's importer (``question/format/gift``), so a
file reads the same here and in Moodle:

- Questions are separated by blank lines; a question never contains one (write ``\\n``).
- Comments are whole lines starting with ``//``. ``//`` elsewhere (``http://``) is text.
  ``[id:...]`` and ``[tag:...]`` in a question's comment lines set its id and tags.
- The answer block runs from the first unescaped ``{`` to the first unescaped ``}``; text
  after it makes a missing-word question. The block's type follows Moodle's rules: empty is
  an essay, ``#`` first is numeric, any ``~`` is multiple choice, ``=`` with ``->`` is
  matching, ``T``/``TRUE``/``F``/``FALSE`` is true/false, anything else is short answer.
- ``{T#a#b}``: ``a`` is the feedback for a wrong answer and ``b`` for a right one.
- Escapes are ``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` (a line break); any other backslash
  is kept, so LaTeX such as ``\\(x^2\\)`` passes through.
- Text keeps its line breaks and indentation (Markdown needs them), as in Moodle's own unit
  tests; only its ends are trimmed. (Moodle's file import also trims every line.)

Where Moodle silently imports something its author cannot have meant (a second answer block,
an answer with no ``=``/``~``, a numeric answer that is not a number, ``->`` in a short
answer, feedback on a matching pair, a comment after ``}``, a question glued to a
``$CATEGORY`` line) this module raises
[GiftSyntaxError][eduplat.quizzes.gift.GiftSyntaxError] naming the line. One reading is
kinder than Moodle's: ``=%50%text`` in a multiple-choice block is a weight, where Moodle
keeps ``%50%`` as part of a full-credit answer.

The package has three modules: [records][eduplat.quizzes.gift.records] (the dataclasses),
[parse][eduplat.quizzes.gift.parse] (reading) and [dump][eduplat.quizzes.gift.dump]
(writing); everything public is re-exported here.
"""

from __future__ import annotations

from eduplat.quizzes.gift.dump import dump_gift
from eduplat.quizzes.gift.parse import parse_gift
from eduplat.quizzes.gift.records import *  # noqa: F403 (the records are this package's API)
from eduplat.quizzes.gift.records import __all__ as _records

__all__ = [*_records, "dump_gift", "parse_gift"]
