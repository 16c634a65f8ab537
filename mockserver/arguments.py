"""An argparse parser whose errors suggest the nearest flag, command or choice (argparse on
Python 3.11 only says what it refused)."""

import argparse
import re
from functools import partial
from typing import Any, NoReturn

from mockserver.core.errors import did_you_mean

_UNRECOGNIZED = re.compile(r"^unrecognized arguments: (.+)$")
_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.+)\)$")
_FLAG = re.compile(r"--[a-z][\w-]*")


class SuggestingParser(argparse.ArgumentParser):
    """The parsers of its subcommands are of this class too, and know each other: unrecognized
    arguments are reported by the top parser, which cannot tell which command they were for."""

    def __init__(self, *args: Any, family: list[argparse.ArgumentParser] | None = None, **kw: Any):
        self.family = [] if family is None else family
        self.family.append(self)
        super().__init__(*args, **kw)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(SuggestingParser, family=self.family))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        super().error(message + self._suggestion(message))

    def _suggestion(self, message: str) -> str:
        if unrecognized := _UNRECOGNIZED.match(message):
            flags = sorted({flag for p in self.family for flag in _FLAG.findall(p.format_usage())})
            hints = [
                did_you_mean(word.split("=")[0], flags)
                for word in unrecognized.group(1).split()
                if word.startswith("--")
            ]
            return "".join(dict.fromkeys(hint for hint in hints if hint))
        if invalid := _INVALID_CHOICE.search(message):
            choices = re.findall(r"'([^']*)'", invalid.group(2))
            return did_you_mean(invalid.group(1), choices)
        return ""
