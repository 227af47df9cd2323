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
        "exercise.label": "Exercise {number}",
        "exercise.show_solution": "Show solution",
        "exercise.give_up": "I give up: show the solution",
        "exercise.see_solution": "See the solution",
        "exercise.solutions_title": "Solutions: {title}",
        "exercise.back": "Back to the tutorial",
        "exercise.download_solutions": "Download solutions (.ipynb)",
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
        "tutorial.output_truncated_bytes": (
            "Output truncated: {size} more. The downloadable notebook has the rest."
        ),
        "tutorial.output_cut": (
            "{size} more output was discarded while the cell ran (past the 'max_output' limit)."
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
        "date.weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        "date.months": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
        "date.months_long": (
            "January,February,March,April,May,June,July,August,September,October,November,December"
        ),
        "date.day": "{weekday} {day} {month} {year}",
        "date.month_heading": "{month} {year}",
        "webinar.index_title": "Webinars",
        "webinar.index_intro": "Live sessions with the team. Times are shown in each session's timezone and in yours.",
        "webinar.upcoming": "Upcoming",
        "webinar.past": "Past",
        "webinar.none_upcoming": "No upcoming webinars right now.",
        "webinar.none_past": "No past webinars yet.",
        "webinar.subscribe": "Subscribe",
        "webinar.calendar_feed": "Calendar (.ics)",
        "webinar.atom_feed": "Atom feed",
        "webinar.when": "When",
        "webinar.your_time": "Your time",
        "webinar.next": "Next session",
        "webinar.dates": "All dates",
        "webinar.presenters": "Presenters",
        "webinar.register": "Register",
        "webinar.join": "Join",
        "webinar.add_to_calendar": "Add to calendar",
        "webinar.download_ics": "Download .ics",
        "webinar.recording": "Recording",
        "webinar.slides": "Slides",
        "webinar.related_tutorials": "Related tutorials",
        "webinar.related_quizzes": "Related quizzes",
        "webinar.language": "Language",
        "webinar.level": "Level",
        "webinar.audience": "For",
        "webinar.capacity": "Seats",
        "webinar.status.scheduled": "Scheduled",
        "webinar.status.cancelled": "Cancelled",
        "webinar.status.postponed": "Postponed",
        "webinar.audience.users": "Users",
        "webinar.audience.developers": "Developers",
        "webinar.audience.operators": "Operators",
        "webinar.starts_in": "Starts {relative}",
        "webinar.live_now": "Live now",
        "webinar.ended": "This session has ended",
        "webinar.play": "Play the recording",
        "webinar.player_notice": "The recording is hosted by {provider}. Playing it loads their player and sends them data about your visit.",
        "webinar.watch_on": "Watch on {provider}",
        "webinar.all_webinars": "All webinars",
        "versions.outdated": "You are reading an older version of this site.",
        "versions.go_to_default": "Go to the current version.",
        "versions.docs": "Documentation",
    },
    "zh": {
        "site.generated_by": "由 eduplat 构建",
        "nav.tutorials": "教程",
        "nav.quizzes": "测验",
        "nav.webinars": "网络研讨会",
        "exercise.label": "练习 {number}",
        "exercise.show_solution": "显示答案",
        "exercise.give_up": "我放弃了：显示答案",
        "exercise.see_solution": "查看答案",
        "exercise.solutions_title": "答案：{title}",
        "exercise.back": "返回教程",
        "exercise.download_solutions": "下载答案（.ipynb）",
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
        "tutorial.output_truncated_bytes": "输出已截断：还有 {size}。其余部分见可下载的笔记本。",
        "tutorial.output_cut": "单元运行时又有 {size} 的输出被丢弃（超过 'max_output' 限制）。",
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
        "date.weekdays": "周一,周二,周三,周四,周五,周六,周日",
        "date.months": "1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月",
        "date.months_long": "1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月",
        "date.day": "{year}年{month}{day}日 {weekday}",
        "date.month_heading": "{year}年{month}",
        "webinar.index_title": "网络研讨会",
        "webinar.index_intro": "与团队一起的直播课程。时间同时以会议所在时区和你的时区显示。",
        "webinar.upcoming": "即将举行",
        "webinar.past": "往期",
        "webinar.none_upcoming": "目前没有即将举行的研讨会。",
        "webinar.none_past": "还没有往期研讨会。",
        "webinar.subscribe": "订阅",
        "webinar.calendar_feed": "日历（.ics）",
        "webinar.atom_feed": "Atom 订阅",
        "webinar.when": "时间",
        "webinar.your_time": "你的时间",
        "webinar.next": "下一场",
        "webinar.dates": "全部日期",
        "webinar.presenters": "主讲人",
        "webinar.register": "报名",
        "webinar.join": "加入",
        "webinar.add_to_calendar": "添加到日历",
        "webinar.download_ics": "下载 .ics",
        "webinar.recording": "录像",
        "webinar.slides": "幻灯片",
        "webinar.related_tutorials": "相关教程",
        "webinar.related_quizzes": "相关测验",
        "webinar.language": "语言",
        "webinar.level": "难度",
        "webinar.audience": "面向",
        "webinar.capacity": "名额",
        "webinar.status.scheduled": "已安排",
        "webinar.status.cancelled": "已取消",
        "webinar.status.postponed": "已延期",
        "webinar.audience.users": "用户",
        "webinar.audience.developers": "开发者",
        "webinar.audience.operators": "运维人员",
        "webinar.starts_in": "{relative}开始",
        "webinar.live_now": "正在直播",
        "webinar.ended": "本场已结束",
        "webinar.play": "播放录像",
        "webinar.player_notice": "录像托管在 {provider}。播放时会加载其播放器，并向其发送你的访问数据。",
        "webinar.watch_on": "在 {provider} 观看",
        "webinar.all_webinars": "全部研讨会",
        "versions.outdated": "你正在阅读本站的旧版本。",
        "versions.go_to_default": "前往最新版本。",
        "versions.docs": "文档",
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
