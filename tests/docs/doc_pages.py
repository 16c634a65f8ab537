"""Reads the README and the docs/ pages: code blocks, inline code, links, tables and headings."""

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    text: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def blocks(page: Path, *langs: str) -> list[Block]:
    """The fenced code blocks of a page, in one of `langs` (all when none is given)."""
    text = text_of(page)
    return [
        Block(page, text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2))
        for m in _FENCE.finditer(text)
        if not langs or m.group(1) in langs
    ]


def all_blocks(*langs: str) -> list[Block]:
    return [block for page in PAGES for block in blocks(page, *langs)]


def prose(page: Path) -> str:
    """The page without its fenced code blocks."""
    return _FENCE.sub("", text_of(page))


def inline_code(page: Path) -> list[str]:
    return re.findall(r"`([^`\n]+)`", prose(page))


def links(page: Path) -> list[str]:
    """Every link target: inline links and images, and reference-style definitions."""
    text = re.sub(r"`[^`\n]+`", "", prose(page))
    inline = re.findall(r"\]\(([^)\s]+)\)", text)
    return inline + list(references(page).values())


def references(page: Path) -> dict[str, str]:
    """Reference-style link definitions: `[label]: address`."""
    return dict(re.findall(r"^\[([^\]]+)\]:\s*(\S+)\s*$", prose(page), re.M))


def reference_uses(text: str) -> list[str]:
    return re.findall(r"\]\[([^\]]+)\]", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(h) for h in re.findall(r"^#+ (.+)$", prose(page), re.M)}


def table(page: Path, first_header: str) -> list[list[str]]:
    """The rows of the first table whose header row starts with `first_header`, as cells."""
    rows: list[list[str]] = []
    inside = False
    for line in text_of(page).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not inside:
            inside = line.startswith("|") and cells[0] == first_header
            continue
        if not line.startswith("|"):
            break
        if not set(line) <= set("|-: "):
            rows.append(cells)
    assert rows, f"{page.name} has no table headed {first_header!r}"
    return rows


def shell_commands(block: Block) -> list[list[str]]:
    """The simple commands of a shell block, as words: pipes, `&&`, `$(`, redirections and
    comments separate them; leading `NAME=value` assignments are dropped."""
    joined = block.text.replace("\\\n", " ")
    commands: list[list[str]] = []
    for line in _logical_lines(joined):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        current: list[str] = []
        for word in lexer:
            if set(word) <= set("();<>|&"):
                commands.append(current)
                current = []
            elif current or not re.match(r"^[A-Za-z_]\w*=", word):
                current.append(word)
        commands.append(current)
    return [c for c in commands if c]


def _logical_lines(text: str) -> list[str]:
    """Lines, with a quoted string that spans lines (a JSON body) kept in one."""
    lines: list[str] = []
    pending = ""
    for line in text.splitlines():
        pending = f"{pending}\n{line}" if pending else line
        try:
            shlex.split(pending, comments=True)
        except ValueError:  # a quotation still open: the next line continues it
            continue
        lines.append(pending)
        pending = ""
    return [*lines, pending] if pending else lines


def invocations(program: str) -> list[tuple[str, list[str]]]:
    """Every `program ...` shown in a shell block or in inline code, with where it is shown."""
    found: list[tuple[str, list[str]]] = []
    for block in all_blocks("sh"):
        for words in shell_commands(block):
            if words[0].split("/")[-1] == program:
                found.append((str(block), words[1:]))
    for page in PAGES:
        for code in inline_code(page):
            if code.startswith(program + " "):  # alone, it names the package
                found.append((f"{page.relative_to(ROOT)}: `{code}`", shlex.split(code)[1:]))
    return found
