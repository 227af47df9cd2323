"""Make the flagship video lecture "What a Merkle proof proves" (issue 18).

Slides are drawn by ffmpeg (drawtext), the narration is spoken by espeak-ng, and the
captions (English and Chinese) and chapters are written from the same script with the
narration's real timings. Needs Debian's ``ffmpeg``, ``espeak-ng`` and ``fonts-dejavu``:

    apt-get install ffmpeg espeak-ng fonts-dejavu-core
    python3 scripts/make_lecture.py            # writes docs/developers/media/merkle-proof/

``make site`` and ``make test`` never run this: they use the committed files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "developers" / "media" / "merkle-proof"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (854, 480)
PAUSE = 0.45  # seconds of silence after each sentence
VOICE = ["-v", "en-us", "-s", "150"]


@dataclass(frozen=True)
class Slide:
    title: str
    title_zh: str
    bullets: tuple[str, ...]
    narration: tuple[tuple[str, str], ...]  # (English, Chinese) sentence by sentence


SLIDES = (
    Slide(
        "What a Merkle proof proves",
        "默克尔证明证明了什么",
        ("One leaf is in a tree", "whose root you already trust"),
        (
            (
                "What does a Merkle proof actually prove?",
                "默克尔证明究竟证明了什么？",
            ),
            (
                (
                    "Ralph Merkle's idea lets a light client check one transaction "
                    "without downloading the whole block."
                ),
                "拉尔夫·默克尔的这个想法，让轻客户端无需下载整个区块就能核对一笔交易。",
            ),
        ),
    ),
    Slide(
        "The proof: a leaf and its siblings",
        "证明：一个叶子和它的兄弟节点",
        ("leaf hash", "+ one sibling hash per level", "= a path up to the root"),
        (
            (
                "A proof is the leaf, plus one sibling hash for each level of the tree.",
                "一份证明就是这个叶子，加上树的每一层各一个兄弟哈希。",
            ),
            (
                "Hash the leaf, combine it with each sibling in turn, and you climb to the root.",
                "先对叶子求哈希，再依次与每个兄弟哈希组合，就一路爬到了根。",
            ),
        ),
    ),
    Slide(
        "What it proves",
        "它证明了什么",
        ("result == trusted root  =>  leaf is in the tree", "about log2(n) hashes"),
        (
            (
                (
                    "If the result equals the root you trust, the leaf is in the tree: "
                    "changing any byte would change the root."
                ),
                "如果结果等于你信任的根，这个叶子就在树中：改动任何一个字节都会改变根。",
            ),
            (
                "The proof is short: twenty hashes cover a million leaves.",
                "证明很短：二十个哈希就能覆盖一百万个叶子。",
            ),
        ),
    ),
    Slide(
        "What it does not prove",
        "它没有证明什么",
        ("that the transaction is valid", "that the root is the right one"),
        (
            (
                (
                    "It does not prove that the transaction is valid, "
                    "or that the root is the right one."
                ),
                "它并不证明这笔交易是有效的，也不证明这个根是正确的。",
            ),
            (
                (
                    "You still need a root you trust, for example from a block header "
                    "with enough work behind it."
                ),
                "你仍然需要一个可信的根，例如来自背后有足够工作量的区块头。",
            ),
        ),
    ),
)


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)  # noqa: S603 - our own arguments


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def draw_slide(slide: Slide, number: int, target: Path, work: Path) -> None:
    """One slide as a PNG: title, bullets, slide number (text from files: no escaping)."""
    width, height = SIZE
    filters = []
    texts = [
        (slide.title, FONT_BOLD, 38, 70),
        *((b, FONT, 28, 190 + 56 * i) for i, b in enumerate(slide.bullets)),
    ]
    texts.append((f"{number} / {len(SLIDES)}", FONT, 20, height - 50))
    for index, (text, font, size, y) in enumerate(texts):
        textfile = work / f"text-{number}-{index}.txt"
        textfile.write_text(text, "utf-8")
        filters.append(
            f"drawtext=fontfile={font}:textfile={textfile}:fontcolor=white:fontsize={size}"
            f":x=60:y={y}"
        )
    run(
        "ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi",
        "-i", f"color=c=0x1f3b57:s={width}x{height}:d=1",
        "-vf", ",".join(filters), "-frames:v", "1", str(target),
    )  # fmt: skip


def speak(text: str, target: Path) -> float:
    """Narrate one sentence into a WAV file; its length in seconds."""
    run("espeak-ng", *VOICE, "-w", str(target), text)
    with wave.open(str(target), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out = parser.parse_args().out
    for tool in ("ffmpeg", "espeak-ng"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install ffmpeg espeak-ng")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cues: list[tuple[float, float, str, str]] = []
        chapters: list[tuple[float, float, str]] = []
        slide_lengths: list[float] = []
        pieces: list[Path] = []
        clock = 0.0
        for number, slide in enumerate(SLIDES, start=1):
            draw_slide(slide, number, work / f"slide-{number}.png", work)
            begin = clock
            for index, (english, chinese) in enumerate(slide.narration):
                piece = work / f"speech-{number}-{index}.wav"
                length = speak(english, piece)
                pieces.append(piece)
                cues.append((clock, clock + length, english, chinese))
                clock += length + PAUSE
            chapters.append((begin, clock, slide.title))
            slide_lengths.append(clock - begin)
        # One narration track: each sentence, then PAUSE seconds of silence.
        narration = work / "narration.wav"
        with wave.open(str(pieces[0]), "rb") as first:
            params = first.getparams()
        silence = b"\0" * (round(params.framerate * PAUSE) * params.sampwidth * params.nchannels)
        with wave.open(str(narration), "wb") as joined:
            joined.setparams(params)
            for piece in pieces:
                with wave.open(str(piece), "rb") as audio:
                    joined.writeframes(audio.readframes(audio.getnframes()))
                joined.writeframes(silence)
        listing = work / "slides.txt"
        listing.write_text(
            "".join(
                f"file '{work / f'slide-{n}.png'}'\nduration {length:.3f}\n"
                for n, length in enumerate(slide_lengths, start=1)
            )
            + f"file '{work / f'slide-{len(SLIDES)}.png'}'\n",
            "utf-8",
        )
        run(
            "ffmpeg", "-y", "-loglevel", "error",
            "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(narration),
            "-vf", "fps=2,format=yuv420p", "-c:v", "libvpx-vp9", "-b:v", "60k", "-g", "20",
            "-c:a", "libopus", "-b:a", "24k", "-ac", "1", "-shortest",
            str(out / "lecture.webm"),
        )  # fmt: skip
        shutil.copy(work / "slide-1.png", out / "poster.png")
    for language, column in (("en", 2), ("zh", 3)):
        lines = ["WEBVTT", ""]
        for cue in cues:
            lines += [f"{timestamp(cue[0])} --> {timestamp(cue[1])}", str(cue[column]), ""]
        (out / f"lecture.{language}.vtt").write_text("\n".join(lines), "utf-8")
    lines = ["WEBVTT", ""]
    for begin, end, title in chapters:
        lines += [f"{timestamp(begin)} --> {timestamp(end)}", title, ""]
    (out / "chapters.vtt").write_text("\n".join(lines), "utf-8")
    size = (out / "lecture.webm").stat().st_size
    print(f"{out / 'lecture.webm'}: {size / 1e6:.2f} MB, {clock:.1f} s")  # noqa: T201


if __name__ == "__main__":
    main()
