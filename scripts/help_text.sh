# Sourced by scripts/manpages, scripts/completion and tests/docs/check_docs.sh:
# reading tvault's --help text.

# The subcommands a help text (stdin) lists: the two-space indented names
# under "Subcommands:".
help_subcommands() {
  awk '/^Subcommands:/ { on = 1; next } on && /^[^ ]/ { on = 0 }
       on && /^  [a-z][a-z-]*( |$)/ { print $1 }'
}
