"""Every UI string eduplat puts on a page, in one table.

The language is MkDocs Material's ``theme.language``. Regional variants fall back to
their base language (``zh-Hant`` → ``zh``), unknown languages to English, so a page is
never left with a raw key.

To add a language, copy the ``"en"`` block, translate the values, and run the unit
tests: they fail when a language misses a key or a placeholder.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_LANGUAGE", "STRINGS", "Translator", "translator"]

DEFAULT_LANGUAGE = "en"

STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "site.generated_by": "Built with eduplat",
        "nav.tutorials": "Tutorials",
        "nav.quizzes": "Quizzes",
        "nav.webinars": "Webinars",
        "tutorial.level": "Level",
        "tutorial.duration": "Duration",
        "tutorial.minutes": "{minutes} min",
        "tutorial.prerequisites": "Prerequisites",
        "tutorial.tags": "Tags",
        "tutorial.download_notebook": "Download notebook (.ipynb)",
        "tutorial.download_source": "Download source (.py)",
        "tutorial.download_source_ext": "Download source ({ext})",
        "tutorial.open_in": "Open in {service}",
        "tutorial.tested_with": "Tested with Python {python} on {date}",
        "tutorial.not_executed": "Not executed in this build",
        "tutorial.output_truncated": (
            "Output truncated: {hidden} more lines. "
            "The full output is in the downloadable notebook."
        ),
        "tutorial.show_input": "Show code",
        "tutorial.show_output": "Show output",
        "tutorial.index_title": "Tutorials",
        "tutorial.index_intro": "Runnable tutorials, executed and checked on every build.",
        "tutorial.index_empty": "No tutorials yet.",
        "level.beginner": "Beginner",
        "level.intermediate": "Intermediate",
        "level.advanced": "Advanced",
        "quiz.question_n": "Question {n}",
        "quiz.points_worth": "{points} pt",
        "quiz.check": "Check",
        "quiz.check_all": "Check all answers",
        "quiz.retry": "Start again",
        "quiz.correct": "Correct.",
        "quiz.incorrect": "Not quite.",
        "quiz.partial": "Partly correct.",
        "quiz.unanswered": "Answer the question first.",
        "quiz.score": "{score} of {total} points ({percent}%).",
        "quiz.passed": "Passed: you reached the pass mark of {pass_mark}%.",
        "quiz.not_passed": (
            "Not passed yet: the pass mark is {pass_mark}%. Review the explanations and try again."
        ),
        "quiz.pass_mark": "Pass mark: {pass_mark}%",
        "quiz.questions_count": "Questions: {n}",
        "quiz.show_answer": "Show the answer",
        "quiz.answer": "Answer",
        "quiz.explanation": "Explanation",
        "quiz.learn_more": "Learn more",
        "quiz.choose": "Choose…",
        "quiz.your_answer": "Your answer",
        "quiz.move_up": "Move up",
        "quiz.move_down": "Move down",
        "quiz.order_hint": "Put the items in order with the Move up and Move down buttons.",
        "quiz.not_graded": "Not graded automatically: discuss your answer with your trainer.",
        "quiz.true": "True",
        "quiz.false": "False",
        "quiz.restored": "Your earlier answers were restored.",
        "quiz.index_title": "Quizzes",
        "quiz.index_intro": "Check what you learned. Your progress is saved in this browser.",
        "quiz.index_empty": "No quizzes yet.",
        "quiz.accepted_answers": "Accepted answers",
        "quiz.range": "{low} to {high}",
    },
    "zh": {
        "site.generated_by": "由 eduplat 构建",
        "nav.tutorials": "教程",
        "nav.quizzes": "测验",
        "nav.webinars": "网络研讨会",
        "tutorial.level": "难度",
        "tutorial.duration": "时长",
        "tutorial.minutes": "{minutes} 分钟",
        "tutorial.prerequisites": "预备知识",
        "tutorial.tags": "标签",
        "tutorial.download_notebook": "下载笔记本 (.ipynb)",
        "tutorial.download_source": "下载源码 (.py)",
        "tutorial.download_source_ext": "下载源码 ({ext})",
        "tutorial.open_in": "在 {service} 中打开",
        "tutorial.tested_with": "已于 {date} 使用 Python {python} 测试",
        "tutorial.not_executed": "本次构建未执行",
        "tutorial.output_truncated": "输出已截断：还有 {hidden} 行。完整输出见可下载的笔记本。",
        "tutorial.show_input": "显示代码",
        "tutorial.show_output": "显示输出",
        "tutorial.index_title": "教程",
        "tutorial.index_intro": "可运行的教程，每次构建时执行并检查。",
        "tutorial.index_empty": "暂无教程。",
        "level.beginner": "入门",
        "level.intermediate": "中级",
        "level.advanced": "高级",
        "quiz.question_n": "第 {n} 题",
        "quiz.points_worth": "{points} 分",
        "quiz.check": "检查",
        "quiz.check_all": "检查全部答案",
        "quiz.retry": "重新开始",
        "quiz.correct": "正确。",
        "quiz.incorrect": "不太对。",
        "quiz.partial": "部分正确。",
        "quiz.unanswered": "请先作答。",
        "quiz.score": "得分 {score} / {total}（{percent}%）。",
        "quiz.passed": "已通过：达到 {pass_mark}% 的及格线。",
        "quiz.not_passed": "尚未通过：及格线为 {pass_mark}%。请查看解析后再试一次。",
        "quiz.pass_mark": "及格线：{pass_mark}%",
        "quiz.questions_count": "题目：{n}",
        "quiz.show_answer": "显示答案",
        "quiz.answer": "答案",
        "quiz.explanation": "解析",
        "quiz.learn_more": "深入学习",
        "quiz.choose": "请选择…",
        "quiz.your_answer": "你的答案",
        "quiz.move_up": "上移",
        "quiz.move_down": "下移",
        "quiz.order_hint": "使用“上移”和“下移”按钮排列顺序。",
        "quiz.not_graded": "不自动评分：请与培训师讨论你的答案。",
        "quiz.true": "正确",
        "quiz.false": "错误",
        "quiz.restored": "已恢复你之前的答案。",
        "quiz.index_title": "测验",
        "quiz.index_intro": "检验你的学习成果。进度保存在本浏览器中。",
        "quiz.index_empty": "暂无测验。",
        "quiz.accepted_answers": "可接受的答案",
        "quiz.range": "{low} 至 {high}",
    },
}


@dataclass(frozen=True)
class Translator:
    """Looks up UI strings for one language; call it with a key and placeholders."""

    language: str

    def __call__(self, key: str, /, **values: object) -> str:
        table = STRINGS.get(self.language, STRINGS[DEFAULT_LANGUAGE])
        text = table.get(key)
        if text is None:
            text = STRINGS[DEFAULT_LANGUAGE][key]  # a KeyError here is a bug in eduplat
        return text.format(**values) if values else text

    @property
    def html_lang(self) -> str:
        """The language code for an HTML ``lang`` attribute or ``Intl`` API."""
        return self.language


def resolve_language(language: str | None) -> str:
    """Map a Material ``theme.language`` (``zh``, ``zh-Hant``, ``en``...) to a table key."""
    if not language:
        return DEFAULT_LANGUAGE
    if language in STRINGS:
        return language
    base = language.replace("_", "-").split("-", 1)[0].lower()
    return base if base in STRINGS else DEFAULT_LANGUAGE


def translator(language: str | None) -> Translator:
    """Return the translator for a ``theme.language`` value."""
    return Translator(resolve_language(language))


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a UI string (used by the completeness test)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
