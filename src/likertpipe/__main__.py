"""Command line: `python -m likertpipe draft-codebook FILE [-o OUT]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from likertpipe.draft import check_draft, draft_codebook, guesses
from likertpipe.errors import LikertpipeError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m likertpipe")
    commands = parser.add_subparsers(dest="command", required=True)
    draft = commands.add_parser("draft-codebook", help="write a draft codebook (YAML) for a data export",
                                description="Write a draft codebook for an export (CSV, .xlsx, SPSS .sav, "
                                            "Stata .dta). Check the lines marked CHECK and fill in the TODOs.")
    draft.add_argument("file", type=Path, help="the data export")
    draft.add_argument("-o", "--output", type=Path, help="where to write the draft (default: standard output)")
    args = parser.parse_args(argv)
    try:
        text = draft_codebook(args.file)
    except LikertpipeError as error:
        print(f"likertpipe error: {error}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        if args.output.exists() and args.output.resolve() == args.file.resolve():
            print("likertpipe error: the output would overwrite the data file; choose another -o.", file=sys.stderr)
            return 1
        args.output.write_text(text, encoding="utf-8", newline="\n")
    problem = check_draft(text, str(args.output or "the draft"))
    if problem:
        print(f"The draft is not a valid codebook yet; fill in what is missing:\n{problem}", file=sys.stderr)
    marked = guesses(text)
    if marked:
        print(f"The draft holds {len(marked)} guess(es) and gap(s) to check before you use it (lines marked CHECK "
              "and TODO):\n" + "\n".join(f"- {line}" for line in marked), file=sys.stderr)
    elif not problem:
        print("The draft is a valid codebook.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
