"""The README and docs/ pages say only what is true of the code: commands parse, settings and
codes exist, links resolve, Python compiles, and every fidelity row cites AA's documentation."""

import ast
import contextlib
import importlib
import io
import re
from dataclasses import fields
from pathlib import Path

import pytest
from werkzeug.exceptions import HTTPException

from conftest import AppFactory
from doc_pages import (
    DOCS,
    PAGES,
    README,
    ROOT,
    Block,
    all_blocks,
    anchors,
    blocks,
    invocations,
    links,
    prose,
    reference_uses,
    references,
    shell_commands,
    table,
    text_of,
)
from mockserver.cli import _parser
from mockserver.core.config import ENV_PREFIX, Settings

SETTING_VARIABLES = {ENV_PREFIX + f.name.upper() for f in fields(Settings)}
CONFIGURATION = DOCS / "configuration.md"


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def test_the_readme_is_a_front_page() -> None:
    assert len(text_of(README).splitlines()) < 300


def test_the_readme_opens_with_the_two_commands_ci_runs() -> None:
    first, second = (b.text.strip() for b in blocks(README, "sh")[:2])
    assert first == (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/aa-mockserver serve"
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(ci) if line.startswith("# README test command"))
    assert second == ci[marker + 1]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_links_resolve(page: Path) -> None:
    for target in links(page):
        if re.match(r"^(https?:|mailto:)", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page_id(page)}: {target} does not exist"
        assert resolved.is_relative_to(ROOT), f"{page_id(page)}: {target} is outside the repo"
        if anchor:
            assert resolved.suffix == ".md", f"{page_id(page)}: {target}"
            assert anchor in anchors(resolved), f"{page_id(page)}: no heading for {target}"
    defined = references(page)
    for label in reference_uses(prose(page)):
        assert label in defined, f"{page_id(page)}: [{label}] is used but not defined"


def test_the_readme_links_every_docs_page() -> None:
    linked = {
        (README.parent / t.partition("#")[0]).resolve() for t in links(README) if "docs/" in t
    }
    missing = {p.name for p in DOCS.glob("*.md")} - {p.name for p in linked}
    assert not missing, f"README.md does not link {sorted(missing)}"


def variables_named(text: str) -> set[str]:
    return set(re.findall(r"\bAA_MOCK_[A-Z0-9_]+", text))


def other_variables() -> dict[str, str]:
    """configuration.md's variables that are not settings, with the files that read them."""
    text = text_of(CONFIGURATION)
    section = text[text.index("## Other variables") :]
    rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `AA_MOCK_")
    ]
    return {row[0].strip("`"): row[1] for row in rows}


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_variable_named_exists(page: Path) -> None:
    unknown = variables_named(text_of(page)) - SETTING_VARIABLES - set(other_variables())
    assert not unknown, f"{page_id(page)} names {sorted(unknown)}, which nothing reads"


def test_variables_that_are_not_settings_are_read_where_the_page_says() -> None:
    others = other_variables()
    assert others
    for variable, readers in others.items():
        assert variable not in SETTING_VARIABLES
        for reader in re.findall(r"`([^`]+)`", readers):
            files = [ROOT / reader] if not reader.endswith("/") else (ROOT / reader).rglob("*")
            assert any(
                f.is_file() and variable in f.read_text(encoding="utf-8", errors="replace")
                for f in files
            ), f"{variable} is not read in {reader}"


def test_every_setting_is_in_the_configuration_table() -> None:
    documented = {row[0].strip("`") for row in table(CONFIGURATION, "variable")}
    assert documented == SETTING_VARIABLES


def command_flags() -> dict[str, set[str]]:
    """Each command of `aa-mockserver` and its flags, as its --help lists them."""
    usage = _parser().format_usage()
    commands = re.search(r"\{([\w,-]+)\}", usage)
    assert commands is not None
    flags = {}
    for command in commands.group(1).split(","):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            _parser().parse_args([command, "--help"])
        options = out.getvalue().partition("options:")[2]
        flags[command] = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", options)) - {
            "-h",
            "--help",
        }
    return flags


def test_every_flag_of_every_command_is_in_the_configuration_page() -> None:
    rows = table(CONFIGURATION, "command")
    documented: dict[str, set[str]] = {}
    for command_cell, flag_cell, _ in rows:
        command = command_cell.strip("`").split()[0]
        documented.setdefault(command, set()).update(
            re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", flag_cell)
        )
    actual = command_flags()
    assert set(documented) == set(actual)
    for command, flags in actual.items():
        assert documented[command] == flags, command


def test_every_cli_invocation_shown_parses() -> None:
    shown = invocations("aa-mockserver")
    assert len(shown) > 15
    for where, args in shown:
        args = [a for a in args if a != "--help"]
        with contextlib.redirect_stderr(io.StringIO()) as err:
            try:
                _parser().parse_args(args)
            except SystemExit:
                pytest.fail(f"{where}: aa-mockserver {' '.join(args)}: {err.getvalue()}")


def curl_requests() -> list[tuple[str, str, str]]:
    """(where, method, path) of every `curl` to `$BASE` in a shell block."""
    found = []
    for block in all_blocks("sh"):
        for words in shell_commands(block):
            if words[0] != "curl":
                continue
            method = words[words.index("-X") + 1] if "-X" in words else "GET"
            urls = [w for w in words if w.startswith("$BASE")]
            found.extend((str(block), method, url.removeprefix("$BASE")) for url in urls)
    return found


def test_every_curl_step_is_a_route_of_the_app(make_app: AppFactory) -> None:
    routes = make_app().url_map.bind("127.0.0.1")
    shown = curl_requests()
    assert len(shown) >= 8
    for where, method, path in shown:
        try:
            routes.match(path.partition("?")[0], method=method)
        except HTTPException as exc:
            pytest.fail(f"{where}: {method} {path} is no route of the app ({exc.code})")


def test_every_admin_route_is_in_the_admin_page(make_app: AppFactory) -> None:
    documented = {
        " ".join(call.split()[:2])
        for row in table(DOCS / "admin-api.md", "call")
        for call in re.findall(r"`([A-Z]+ /[^`]+)`", row[0])
    }
    served = {
        f"{method} {re.sub(r'<[^>]+>', '<id>', rule.rule)}"
        for rule in make_app().url_map.iter_rules()
        if rule.rule.startswith("/__admin") and rule.endpoint != "dashboard.asset"
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert served == documented


@pytest.mark.parametrize("block", all_blocks("python"), ids=str)
def test_python_blocks_compile(block: Block) -> None:
    compile(block.text, str(block), "exec")


def test_python_imports_resolve() -> None:
    for block in all_blocks("python"):
        for node in ast.walk(ast.parse(block.text)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mockserver"):
                module = importlib.import_module(str(node.module))
                for alias in node.names:
                    assert hasattr(module, alias.name), (
                        f"{block}: from {node.module} import {alias.name}"
                    )


UNRELEASED_CITATION = re.compile(
    "|".join([r"shared/" + "reference", r"\(reference (section )?\d", r"reference section \d"])
)


def test_nothing_cites_a_file_users_never_see() -> None:
    skip = {".git", ".venv", ".cache", "node_modules", "__pycache__"}
    suffixes = {".py", ".md", ".yml", ".yaml", ".sh", ".toml", ".js", ".html", ".css", ""}
    for path in ROOT.rglob("*"):
        if skip & set(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix not in suffixes or path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not UNRELEASED_CITATION.search(text), f"{path.relative_to(ROOT)} cites it"


AA_ADDRESSES = ("https://docs.automationanywhere.com/", "https://community.automationanywhere.com/")


def test_every_fidelity_row_cites_aa_or_says_it_is_our_choice() -> None:
    page = DOCS / "fidelity.md"
    defined = references(page)
    assert defined and all(a.startswith(AA_ADDRESSES) for a in defined.values())
    rows = table(page, "topic")
    assert len(rows) > 25
    for topic, aa_says, mock_does, profile in rows:
        cited = [defined[label] for label in reference_uses(aa_says)]
        assert any(a.startswith(AA_ADDRESSES[0]) for a in cited) or (
            "unknown: our choice" in aa_says
        ), f"fidelity row {topic!r} cites no AA doc page"
        assert mock_does and profile


def codes_in_source() -> set[str]:
    """Every error code the mock's source can answer with: ApiError's second argument, a
    `code=` argument or default, and the constants and tables of codes."""
    codes = set()
    for path in (ROOT / "mockserver").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                named = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if named == "ApiError" and len(node.args) > 1:
                    codes |= _strings(node.args[1])
                codes |= {s for k in node.keywords if k.arg == "code" for s in _strings(k.value)}
            elif isinstance(node, ast.FunctionDef):
                arguments = node.args.args + node.args.kwonlyargs
                defaults = [*node.args.defaults, *node.args.kw_defaults]
                for argument, default in zip(arguments[::-1], defaults[::-1], strict=False):
                    if argument.arg == "code" and default is not None:
                        codes |= _strings(default)
            elif isinstance(node, ast.Assign) and any(
                re.search(r"_CODES?$", getattr(t, "id", "")) for t in node.targets
            ):
                codes |= _strings(node.value)
    # `code` also names an HTTP status in a request handler's signature ("-" when unknown).
    return {c for c in codes if re.fullmatch(r"[A-Za-z]\w*(\.\w+)*", c)}


def _strings(node: ast.AST | None) -> set[str]:
    """The literal strings a value can be: a constant, either side of `or` or of `x if c else
    y`, or the values of a dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.BoolOp):
        return {s for value in node.values for s in _strings(value)}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    if isinstance(node, ast.Dict):
        return {s for value in node.values for s in _strings(value)}
    return set()


def test_error_codes_in_the_docs_are_the_source_codes() -> None:
    source = codes_in_source()
    assert {"UM1117", "bad.request", "token.expired", "hotbot.not.configured"} <= source
    page = DOCS / "errors.md"
    tables = re.findall(r"^\| \d{3} \| (.*?) \|", text_of(page), re.M)
    documented = {code for cell in tables for code in re.findall(r"`([^`]+)`", cell)}
    assert documented <= source, sorted(documented - source)
    everywhere = " ".join(text_of(p) for p in PAGES)
    undocumented = {c for c in source if f"`{c}`" not in everywhere}
    assert not undocumented, f"codes no docs page names: {sorted(undocumented)}"
