"""Command line (`likertpipe`, or `python -m likertpipe`):

- `likertpipe draft-codebook FILE [-o OUT] [--study ID]`: a draft codebook for an export;
- `likertpipe check [--configfile FILE ...] [--config KEY=VALUE ...]`: the config, codebook and every input of
  every study checked without running the workflow, and what a run would do.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from likertpipe.errors import LikertpipeError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="likertpipe")
    commands = parser.add_subparsers(dest="command", required=True)
    draft = commands.add_parser("draft-codebook", help="write a draft codebook (YAML) for a data export",
                                description="Write a draft codebook for an export (CSV, .xlsx, SPSS .sav, "
                                            "Stata .dta). Check the lines marked CHECK and fill in the TODOs.")
    draft.add_argument("file", type=Path, help="the data export")
    draft.add_argument("-o", "--output", type=Path, help="where to write the draft (default: standard output)")
    draft.add_argument("--study", help="the study's id (lower-case letters, digits, _), as in your config's "
                                       "studies: and run:; without it the draft's study.id is a TODO")
    check = commands.add_parser("check", help="check the config, codebooks and inputs without running the workflow",
                                description="Check the config (config/config.yaml and the files given, as "
                                            "Snakemake reads them), every study's codebook and every input it "
                                            "names, without running the workflow or writing anything; print what "
                                            "a run would do. Exits 1 with the workflow's messages on a problem.")
    check.add_argument("--configfile", type=Path, nargs="+", action="extend", default=[], metavar="FILE",
                       help="config files read over config/config.yaml, as snakemake --configfile")
    check.add_argument("--config", nargs="+", action="extend", default=[], metavar="KEY=VALUE",
                       help="config values, as snakemake --config")
    check.add_argument("--directory", type=Path, default=Path("."), help="the repository root (default: here)")
    check.add_argument("--no-dry-run", action="store_true", help="do not list the jobs (skips snakemake -n)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args)
    return _draft(args)


def _check(args) -> int:
    from likertpipe.check import check

    here = Path.cwd()
    try:
        os.chdir(args.directory)
        report = check(Path("."), args.configfile, args.config, dry_run=not args.no_dry_run)
    except LikertpipeError as error:
        print(f"likertpipe error: {error}", file=sys.stderr)
        return 1
    finally:
        os.chdir(here)
    print("\n".join(report.lines))
    if report.errors:
        print(f"\nlikertpipe check: {len(report.errors)} study(ies) failed; a run would stop with the messages "
              "above. Nothing was written.", file=sys.stderr)
        return 1
    print("\nlikertpipe check: every input is valid; nothing was written. Run: .venv/bin/snakemake --cores 2"
          + "".join(f" --configfile {path}" for path in args.configfile))
    return 0


def _draft(args) -> int:
    from likertpipe.draft import check_draft, draft_codebook, guesses

    try:
        text = draft_codebook(args.file, study=args.study)
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
        print(f"The draft does not follow the codebook schema yet; fill in what is missing:\n{problem}",
              file=sys.stderr)
    marked = guesses(text)
    if marked:
        print(f"\nCheck these: the draft holds {len(marked)} guess(es) and gap(s) (lines marked CHECK and TODO). "
              "Confirm or correct each, then delete its mark; `likertpipe check` lists the marks left:\n"
              + "\n".join(f"- {line}" for line in marked), file=sys.stderr)
    elif not problem:
        print("The draft follows the codebook schema and holds no guesses.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
