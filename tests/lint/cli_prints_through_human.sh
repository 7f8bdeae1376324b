#!/usr/bin/env bash
# Fails if a command in cli/commands/ writes to the terminal other than
# through cli/human/ (human::Format, Cli::Print, Cli::PrintLine, PrintError,
# PrintWarning, PrintNote): text from outside must never reach a terminal unescaped, and
# the way to make that hard to get wrong is to have one way to print.
#
# Forbidden in cli/commands/: std::cout, std::cerr, std::clog, printf and its
# kin, puts/fputs/fputc/putchar/fwrite, ::write, and Cli::WriteStdout (exact
# bytes, for data rather than text for a person).
#
# Allowed WriteStdout, each for a reason:
#   testimony_show.cc    the statement's exact bytes (documented: use --json
#                        for a terminal-safe form)
#   audit_checkpoint.cc  the signed note, byte-exact (it is verified as is)
#   custody.cc           the custody report JSON (--json), exact JSON
#   help.cc              CLI11's help text, made of tvault's own literals
#
# Usage: cli_prints_through_human.sh CLI_SOURCE_DIR
set -euo pipefail
root="${1:?usage: $0 CLI_SOURCE_DIR}"
cd "$root/commands"
bad=0
forbidden='std::(cout|cerr|clog)\b|\b(std::)?(f|s|sn|v|vf|vs|d)?printf\s*\(|\b(std::)?(puts|fputs|fputc|putchar|fwrite|putc)\s*\(|(^|[^A-Za-z_.>])::write\s*\('
for f in *.cc *.h; do
  # Comments are not code.
  if grep -nE "$forbidden" "$f" | grep -vE '^[0-9]+:\s*//' ; then
    echo "$f: prints directly; use human::Format with cli.Print / cli.PrintLine" >&2
    bad=1
  fi
  case "$f" in
    testimony_show.cc|audit_checkpoint.cc|custody.cc|help.cc) ;;
    *)
      if grep -nE 'WriteStdout' "$f" | grep -vE '^[0-9]+:\s*//'; then
        echo "$f: WriteStdout writes exact bytes; text for a person goes through cli.Print" >&2
        bad=1
      fi
      ;;
  esac
done
if [ "$bad" -ne 0 ]; then
  echo "Human-readable output goes through cli/human/ (see cli/human/human.h)." >&2
  exit 1
fi
