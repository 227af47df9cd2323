"""The files around the versions of a multi-version site, for any static host.

No symlinks (Netlify and many hosts drop them): aliases are redirect pages or copies.
Plus a root redirect to the default version, a root 404 that sends readers to the
default version, and a sitemap index over every version's sitemap.
"""

from __future__ import annotations

import html
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

__all__ = ["make_alias", "redirect_page", "root_404", "sitemap_index"]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def redirect_page(target: str) -> str:
    """A tiny HTML page that sends readers (and search engines) to ``target``."""
    url = html.escape(target, quote=True)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<title>Redirecting…</title>\n<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f"<script>location.replace({target!r} + location.hash)</script>\n"
        f'</head><body><p>Redirecting to <a href="{url}">{url}</a>…</p></body></html>\n'
    )


def make_alias(out: Path, version: str, alias: str, kind: str) -> None:
    """Materialise ``alias`` for ``version`` under ``out``: ``redirect`` pages or a ``copy``.

    A redirect alias mirrors every HTML page of the version with a page that redirects to
    the same path in the version, so deep links through the alias keep working.
    """
    source = out / version
    target = out / alias
    if target.exists():
        shutil.rmtree(target)
    if kind == "copy":
        shutil.copytree(source, target)
        return
    for page in sorted(source.rglob("*.html")):
        rel = page.relative_to(source)
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        depth = len(rel.parts)  # from alias/<rel> up to the root, then into the version
        up = "../" * depth
        href = f"{up}{version}/{rel.as_posix()}"
        if href.endswith("index.html"):
            href = href[: -len("index.html")]
        destination.write_text(redirect_page(href), encoding="utf-8")


def root_404(default: str, root_path: str) -> str:
    """A root 404 page. An old unversioned link (``/guide/x/``) is sent to the same path in
    the default version; a missing page inside a version gets a link to the default one.

    Args:
        default: The default version or alias.
        root_path: URL path of the site root, e.g. ``/`` or ``/project/``.
    """
    config = json.dumps({"default": default, "root": root_path})
    safe_link = html.escape(f"{root_path}{default}/", quote=True)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        "<title>Page not found</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "</head><body>\n<h1>Page not found</h1>\n"
        f'<p>This page does not exist. <a id="go" href="{safe_link}">'
        "Go to the current version</a>.</p>\n"
        f"<script>\nvar site = {config};\n"
        "fetch(site.root + 'versions.json').then(function (r) { return r.json(); })\n"
        "  .then(function (versions) {\n"
        "    var known = [];\n"
        "    versions.forEach(function (v) {\n"
        "      known.push(v.version);\n"
        "      known = known.concat(v.aliases);\n"
        "    });\n"
        "    var rest = location.pathname.slice(site.root.length);\n"
        "    var first = rest.split('/')[0];\n"
        "    if (location.pathname.indexOf(site.root) === 0 && known.indexOf(first) === -1) {\n"
        "      location.replace(site.root + site.default + '/' + rest + location.hash);\n"
        "    }\n"
        "  }).catch(function () {});\n"
        "</script>\n</body></html>\n"
    )


def sitemap_index(base_url: str, versions: list[str]) -> bytes:
    """A sitemap index listing ``<base>/<version>/sitemap.xml`` for each version."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for version in versions:
        entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = f"{base_url}{version}/sitemap.xml"
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
