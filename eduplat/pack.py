"""The trainer pack: one printable document per learning path (``eduplat pack``).

The site is built (tutorials come from the execution cache, with their outputs), then one
HTML page is assembled: a cover (path title, audience, site version, date), a table of
contents, and every step in order. Manual pages and tutorials are the articles of the built
pages; quizzes are their answer keys ([answer_key][eduplat.quizzes.key.answer_key], all
quiz text escaped); webinar steps list their sessions with times in the chosen timezone;
external steps are links. Styles and images are inlined, so the page stands alone.

The PDF is printed by headless Chromium (Playwright's ``page.pdf``), with page numbers and
the path title as running header; links stay links. Playwright is the ``pack`` extra
(``pip install 'eduplat[pack]'``); Chromium is the system's (``/usr/bin/chromium``).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

from eduplat.errors import EduplatError, did_you_mean
from eduplat.features import config_folder, eduplat_plugin
from eduplat.i18n import Translator

__all__ = ["CHROMIUM", "PackOptions", "make_pack"]

#: The Chromium that prints the PDF (Debian's; the browser tests use the same one).
CHROMIUM = Path("/usr/bin/chromium")

_PRINT_CSS = """\
@page { size: A4; margin: 20mm 16mm 18mm; }
html, body { background: #fff; }
body { margin: 0; font-size: 10.5pt; }
body, .md-typeset { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans",
  "Noto Sans CJK SC", "Noto Sans CJK JP", sans-serif; }
.md-typeset { font-size: 10.5pt; line-height: 1.5; }
.pack-cover { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.md-typeset h1, .md-typeset h2 { color: #111; font-weight: 600; }
.pack-cover h1 { font-size: 26pt; margin: 0 0 0.4em; }
.pack-cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3em 1.2em; }
.pack-cover dt { font-weight: 700; }
.pack-cover dd { margin: 0; }
.pack-toc, .pack-step { break-before: page; }
.pack-toc ol { line-height: 1.9; }
.pack-step > h1 { font-size: 18pt; border-bottom: 1px solid #999; padding-bottom: 0.2em; }
.pack-kind { display: block; font-size: 9pt; text-transform: uppercase; letter-spacing: 0.06em;
  color: #555; }
.md-typeset h2, .md-typeset h3, .md-typeset h4 { break-after: avoid; }
/* Code is never cut at the page edge: long lines wrap, short blocks stay on one page. */
.md-typeset pre, .md-typeset pre > code { white-space: pre-wrap !important;
  overflow-wrap: anywhere; word-break: break-word; overflow: visible !important;
  max-height: none !important; }
.md-typeset pre { break-inside: avoid; }
.md-typeset .highlight, .md-typeset table { break-inside: avoid; }
.md-typeset img { max-width: 100%; }
.md-typeset a { color: #1a4fbf; }
.md-typeset details { display: block; }
.md-typeset details > :not(summary) { display: block !important; }
.headerlink, .md-content__button, .eduplat-pathbars, .eduplat-feedback, .eduplat-path-end,
.eduplat-question__actions, .eduplat-quiz__controls, .eduplat-quiz__result,
.eduplat-order__buttons, .eduplat-tutorial-header .md-button { display: none !important; }
.pack-key .question { border-top: 1px solid #bbb; padding: 0.6em 0; break-inside: avoid; }
.pack-key .prompt, .pack-key .text { white-space: pre-wrap; }
.pack-key .answers li.right { font-weight: 600; }
.pack-key .note, .pack-key .kind { color: #555; }
.pack-sessions { border-collapse: collapse; width: 100%; }
.pack-sessions td, .pack-sessions th { border: 1px solid #bbb; padding: 0.3em 0.5em;
  text-align: left; vertical-align: top; }
"""


@dataclass(frozen=True)
class PackOptions:
    """What ``eduplat pack`` was asked for.

    Attributes:
        path_id: The learning path.
        pdf: Where to write the PDF (None: no PDF).
        html_dir: Folder for the single printable HTML page (None: none).
        timezone: IANA timezone for webinar times (None: each session's own).
        force: Overwrite existing output.
    """

    path_id: str
    pdf: Path | None = None
    html_dir: Path | None = None
    timezone: str | None = None
    force: bool = False


@dataclass(frozen=True)
class _Section:
    anchor: str
    kind: str
    title: str
    body: str


def make_pack(config_file: str | os.PathLike[str] | None, options: PackOptions) -> list[Path]:
    """Build the site, assemble the pack and write it; returns the files written.

    Raises:
        EduplatError: Unknown path or timezone, output inside docs/ or existing,
            Chromium or Playwright missing, or any build error.
    """
    from eduplat import site

    if options.pdf is None and options.html_dir is None:
        raise EduplatError("nothing to write", hint="give -o pack.pdf and/or --html DIR")
    zone = _zone(options.timezone)
    config = site.load_config(config_file)
    docs = Path(config.docs_dir).resolve()
    for target in (options.pdf, options.html_dir):
        if target is not None and target.resolve().is_relative_to(docs):
            raise EduplatError(
                f"{target} is inside docs/, so the pack (with answer keys) would be published",
                hint="write it outside docs/, e.g. -o packs/" + f"{options.path_id}.pdf",
            )
    if options.pdf is not None:
        if options.pdf.exists() and not options.force:
            raise EduplatError(f"{options.pdf} exists", hint="pass --force to overwrite it")
        _require_chromium()
    if options.html_dir is not None:
        page = options.html_dir / "index.html"
        if page.exists() and not options.force:
            raise EduplatError(f"{page} exists", hint="pass --force to overwrite it")
    with tempfile.TemporaryDirectory(prefix="eduplat-pack-") as scratch:
        built = Path(scratch) / "site"
        config = site.build(config_file, strict=False, site_dir=str(built))
        plugin = eduplat_plugin(config)
        page_html = _assemble(plugin, config, built, options.path_id, zone)
        written = []
        if options.html_dir is not None:
            options.html_dir.mkdir(parents=True, exist_ok=True)
            target = options.html_dir / "index.html"
            tmp = target.with_name(".index.html.tmp")
            tmp.write_text(page_html, encoding="utf-8")
            tmp.replace(target)
            written.append(target)
        if options.pdf is not None:
            source = Path(scratch) / "pack.html"
            source.write_text(page_html, encoding="utf-8")
            title = _path_title(plugin, options.path_id)
            _print_pdf(source, options.pdf, header=f"{title} · {config.site_name}")
            written.append(options.pdf)
    return written


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if name is None:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise EduplatError(
            f"unknown timezone '{name}'",
            hint=did_you_mean(name, zoneinfo.available_timezones())
            or "use an IANA name such as Asia/Shanghai or Europe/Berlin",
        ) from exc


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        raise EduplatError(
            f"Chromium is missing: the PDF is printed by {CHROMIUM}",
            hint="install it (Debian/Ubuntu: 'sudo apt-get install chromium fonts-noto-cjk', "
            "or 'make chromium'), or write HTML with --html DIR and print that",
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise EduplatError(
            "Playwright is not installed: it drives Chromium to print the PDF",
            hint="pip install 'eduplat[pack]' (or write HTML with --html DIR)",
        ) from exc


def _path_title(plugin: Any, path_id: str) -> str:
    return str(next(r.path.title for r in plugin.paths.paths if r.path.id == path_id))


def _assemble(
    plugin: Any, config: Any, built: Path, path_id: str, zone: zoneinfo.ZoneInfo | None
) -> str:
    from eduplat.quizzes.key import answer_key

    feature = plugin.paths
    known = {r.path.id: r for r in feature.paths} if feature is not None else {}
    if path_id not in known:
        raise EduplatError(
            f"no learning path with the id '{path_id}'",
            hint=did_you_mean(path_id, known) or f"path ids: {', '.join(sorted(known)) or 'none'}",
        )
    resolved = known[path_id]
    t: Translator = plugin.t
    site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
    sessions = plugin.webinars.schedule or plugin.webinars.load()
    by_session = sessions.by_id() if sessions is not None else {}
    sections = []
    for step in resolved.steps:
        anchor = f"step-{step.number}"
        kind = t(f"path.kind.{step.kind}")
        if step.kind in ("page", "tutorial"):
            file = feature.built_file(step)
            body = _article(built / file.dest_uri, built, site_url + file.url if site_url else "")
        elif step.kind == "quiz":
            quiz = plugin.quizzes.quizzes[step.step.target]
            key = answer_key(quiz, "html")
            body = f'<div class="pack-key">{_between(key, "<body>", "</body>")}</div>'
            body = re.sub(r"<h1>.*?</h1>", "", body, count=1, flags=re.S)
            body = f"<h2>{html.escape(t('pack.answer_key'))}</h2>\n{body}"
        elif step.kind == "webinar":
            body = _sessions(by_session[step.step.target], t, zone, site_url, plugin)
        else:
            url = html.escape(step.step.target)
            body = f'<p><a href="{url}">{url}</a></p>'
        sections.append(_Section(anchor, kind, step.title, body))
    return _page(resolved, sections, t, config, built)


def _between(text: str, start: str, end: str) -> str:
    head, _, rest = text.partition(start)
    return rest.partition(end)[0] if rest else head


_ARTICLE = re.compile(
    r'<article class="md-content__inner md-typeset">(?P<body>.*?)</article>', re.S
)


def _article(page: Path, built: Path, page_url: str) -> str:
    """The article of a built page, its first heading dropped (the pack writes its own),
    links made absolute and images inlined."""
    from bs4 import BeautifulSoup

    match = _ARTICLE.search(page.read_text(encoding="utf-8"))
    soup = BeautifulSoup(match.group("body") if match else "", "html.parser")
    for selector in (
        ".eduplat-pathbars",
        ".eduplat-feedback",
        ".md-content__button",
        ".headerlink",
        "script",
    ):
        for element in soup.select(selector):
            element.decompose()
    first = soup.find("h1")
    if first is not None:
        first.decompose()
    for link in soup.find_all("a", href=True):
        href = str(link["href"])
        if page_url and not href.startswith(("#", "mailto:")) and not urlparse(href).scheme:
            link["href"] = urljoin(page_url, href)
    for image in soup.find_all("img", src=True):
        src = str(image["src"])
        if urlparse(src).scheme:
            continue
        local = (page.parent / src.split("#")[0].split("?")[0]).resolve()
        if local.is_file() and local.is_relative_to(built.resolve()):
            kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            data = base64.b64encode(local.read_bytes()).decode("ascii")
            image["src"] = f"data:{kind};base64,{data}"
    for element in soup.find_all("details"):
        element["open"] = ""
    return str(soup)


def _sessions(
    session: Any, t: Translator, zone: zoneinfo.ZoneInfo | None, site_url: str, plugin: Any
) -> str:
    from eduplat.text import render_text

    shown = zone or session.zone
    rows = []
    for occurrence in session.occurrences():
        start = occurrence.start.astimezone(shown)
        end = occurrence.end.astimezone(shown)
        when = f"{start:%a %Y-%m-%d %H:%M}–{end:%H:%M}"
        status = (
            "" if occurrence.status == "scheduled" else t(f"webinar.status.{occurrence.status}")
        )
        rows.append(
            f"<tr><td>{html.escape(when)}</td><td>{html.escape(occurrence.title)}</td>"
            f"<td>{html.escape(status)}</td></tr>"
        )
    url = f"{site_url}{plugin.config.webinars.url.strip('/')}/{session.id}/" if site_url else ""
    link = f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>' if url else ""
    return (
        f"{render_text(session.abstract)}\n"
        f"<p><strong>{html.escape(t('pack.times_in', zone=str(shown)))}</strong></p>\n"
        f'<table class="pack-sessions"><tbody>{"".join(rows)}</tbody></table>\n{link}'
    )


def _site_version(folder: Path) -> str:
    """The version being packed: the versioned build's name, else ``git describe``."""
    version = os.environ.get("EDUPLAT_VERSION")
    if version:
        return version
    git = shutil.which("git")
    if git is None:
        return "-"
    try:
        described = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "describe", "--tags", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
            cwd=folder,
        )
    except (subprocess.SubprocessError, OSError):
        return "-"
    return described.stdout.strip() or "-"


def _stylesheets(built: Path) -> str:
    """Material's and eduplat's CSS from the built site, inlined."""
    sheets = sorted((built / "assets" / "stylesheets").glob("*.css"))
    sheets += [built / "assets" / "eduplat" / "eduplat.css"]
    return "\n".join(p.read_text(encoding="utf-8") for p in sheets if p.is_file())


def _page(resolved: Any, sections: list[_Section], t: Translator, config: Any, built: Path) -> str:
    from eduplat.paths.render import audience_label

    path = resolved.path
    e = html.escape
    version = _site_version(config_folder(config))
    facts = [
        (t("pack.audience"), audience_label(path.audience, t)),
        (t("pack.version"), version),
        (t("pack.date"), dt.date.today().isoformat()),
    ]
    cover = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    toc = "".join(
        f'<li><a href="#{s.anchor}">{e(s.title)}</a> <span class="pack-kind" '
        f'style="display:inline">({e(s.kind)})</span></li>'
        for s in sections
    )
    steps = "".join(
        f'<section class="pack-step" id="{s.anchor}">'
        f'<h1><span class="pack-kind">{e(s.kind)}</span>{e(s.title)}</h1>\n{s.body}</section>\n'
        for s in sections
    )
    language = path.language or t.html_lang
    return (
        f'<!doctype html>\n<html lang="{e(language)}"><head><meta charset="utf-8">'
        f'<meta name="robots" content="noindex"><title>{e(path.title)}</title>'
        f"<style>{_stylesheets(built)}</style><style>{_PRINT_CSS}</style></head>\n"
        '<body data-md-color-scheme="default" data-md-color-primary="indigo">'
        '<div class="md-typeset">\n'
        f'<section class="pack-cover"><h1>{e(path.title)}</h1>'
        f"<p>{e(config.site_name)}</p><dl>{cover}</dl></section>\n"
        f'<nav class="pack-toc"><h1>{e(t("pack.contents"))}</h1><ol>{toc}</ol></nav>\n'
        f"{steps}</div></body></html>\n"
    )


def _print_pdf(source: Path, target: Path, *, header: str) -> None:
    """Print ``source`` to ``target`` with Chromium, in a thread of its own: Playwright's
    sync API refuses to run where an asyncio loop is running (Jupyter, another Playwright)."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            _print_in_thread(source, target, header=header)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=work, name="eduplat-pack-pdf")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def _print_in_thread(source: Path, target: Path, *, header: str) -> None:
    from playwright.sync_api import Error, sync_playwright

    style = "font-size:8px;width:100%;margin:0 16mm;color:#555;font-family:sans-serif"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page()
                page.goto(source.as_uri(), wait_until="load")
                page.pdf(
                    path=str(tmp),
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template=f'<div style="{style}">{html.escape(header)}</div>',
                    footer_template=(
                        f'<div style="{style};text-align:right"><span class="pageNumber"></span>'
                        ' / <span class="totalPages"></span></div>'
                    ),
                )
            finally:
                browser.close()
    except Error as exc:
        tmp.unlink(missing_ok=True)
        raise EduplatError(
            f"Chromium could not print the pack: {exc.message}",
            hint=f"check that {CHROMIUM} starts ('{CHROMIUM} --headless --version')",
        ) from exc
    tmp.replace(target)
