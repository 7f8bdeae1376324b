#!/usr/bin/env bash
# The man pages and bash completion generated from tvault's help text
# (scripts/manpages, scripts/completion) in BUILD_DIR: every command group
# has its page, each page names every command of its group, groff reads
# them without a warning (where groff is installed), and the completion
# completes commands, options, files and id kinds.
# Usage: tests/docs/check_docs.sh BUILD_DIR
set -euo pipefail
BUILD="$1"
TVAULT="$BUILD/tvault"
fail() { echo "FAIL: $*" >&2; exit 1; }

source "$(dirname "$0")/../../scripts/help_text.sh"

[[ -f $BUILD/man/tvault.1 ]] || fail "no tvault.1"
for g in $("$TVAULT" --help | help_subcommands); do
  page="$BUILD/man/tvault-$g.1"
  [[ -f $page ]] || fail "no page for $g"
  for s in $("$TVAULT" "$g" --help | help_subcommands); do
    grep -q "^\.SH \"tvault $g $s\"" "$page" || fail "tvault-$g.1 lacks tvault $g $s"
    for t in $("$TVAULT" "$g" "$s" --help | help_subcommands); do
      grep -q "^\.SH \"tvault $g $s $t\"" "$page" || fail "tvault-$g.1 lacks tvault $g $s $t"
    done
  done
done
if command -v groff >/dev/null; then
  for page in "$BUILD"/man/*.1; do
    out="$(groff -man -Tutf8 -ww -z "$page" 2>&1)"
    [[ -z $out ]] || fail "groff on $page: $out"
  done
fi

# shellcheck disable=SC1091
source "$BUILD/completion/tvault"
complete_words() {
  COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
  _tvault 2>/dev/null
  echo "${COMPREPLY[*]}"
}
expect() {  # EXPECTED WORDS...
  local want="$1"; shift
  local got; got="$(complete_words "$@")"
  [[ $got == "$want" ]] || fail "completing '$*': got '$got', want '$want'"
}
expect "witness" tvault wit
expect "testimony" tvault --vault /somewhere te
expect "assign" tvault --json case ass
expect "--case" tvault testimony list --ca
expect "C-" tvault testimony list --case ""
expect "W- T- E-" tvault shred ""
expect "T-" tvault testimony show ""
expect "--in" tvault search x --i
expect "timestamp" tvault audit tim
expect "request" tvault audit timestamp req
dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
touch "$dir/statement.txt"
expect "$dir/statement.txt" tvault testimony add --file "$dir/stat"
echo "man pages and completion: ok"
