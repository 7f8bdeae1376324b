#!/usr/bin/env bash
# Fails if a string literal in the library (vault/) names a command-line
# option ("--signer-key") or a tvault command ("`tvault check`", "tvault peer
# add"): the library states facts and an ErrorDetail, front ends word the
# advice (the CLI in cli/error_text.cc). Comments are not checked.
#
# Allowed, each for a reason:
#   formats/bundle/bundle_how_to_verify.cc  HOW_TO_VERIFY.txt: instructions for
#                                           a person using age and minisign
#   "tvault bundle "                        the untrusted comment of a bundle
#                                           signature (docs/bundle-format.md)
#   "not a tvault audit log",               name a file format, not a command
#   "it is not a tvault bundle comment"
#
# Usage: no_cli_words_in_library.sh VAULT_SOURCE_DIR
set -euo pipefail
root="${1:?usage: $0 VAULT_SOURCE_DIR}"
cd "$root"
commands='init|witness|testimony|evidence|shred|tombstones|passphrase|keyslot|recovery|check|audit|custody|identity|peer|export|bundle|version|help'
find . \( -name '*.cc' -o -name '*.h' \) -print0 | sort -z | xargs -0 perl -e '
  my ($commands) = (shift @ARGV);
  my %allowed_file = ("./formats/bundle/bundle_how_to_verify.cc" => 1);
  my @allowed_literal = ("tvault bundle ", "not a tvault audit log", "it is not a tvault bundle comment");
  my $bad = 0;
  for my $file (@ARGV) {
    next if $allowed_file{$file};
    open(my $fh, "<", $file) or die "$file: $!";
    while (my $line = <$fh>) {
      next if $line =~ m{^\s*(//|\*)};
      while ($line =~ /"((?:[^"\\]|\\.)*)"/g) {
        my $lit = $1;
        next if grep { $_ eq $lit } @allowed_literal;
        if ($lit =~ /(^|[\s(`])--[a-z]/ || $lit =~ /`tvault/ || $lit =~ /\btvault ($commands)\b/) {
          print "$file:$.: names a CLI option or command: \"$lit\"\n";
          $bad = 1;
        }
      }
    }
  }
  if ($bad) {
    print "The library words facts, not CLI advice: return an ErrorDetail and word it in cli/error_text.cc.\n";
    exit 1;
  }
' "$commands"
