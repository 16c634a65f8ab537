"""Stands in for `curl` where it is not installed, for the flags the docs use: -s, -X METHOD,
-H 'Name: value', -d BODY and one URL. Like curl, it prints the body of any answer, 4xx and 5xx
included, without adding a newline."""

import sys
import urllib.error
import urllib.request


def main(args: list[str]) -> int:
    method, headers, data, url = "GET", {}, None, None
    words = iter(args)
    for word in words:
        if word == "-s":
            continue
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "-d":
            data = next(words).encode()
        elif word.startswith("-"):
            print(f"curl stand-in: {word} is not supported", file=sys.stderr)
            return 2
        else:
            url = word
    if url is None:
        print("curl stand-in: no URL", file=sys.stderr)
        return 2
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
    sys.stdout.buffer.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
