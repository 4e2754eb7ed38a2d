#!/usr/bin/zsh -f
# SPDX-License-Identifier: GPL-3.0-or-later
# Prints the matches zsh's completion system offers for a command line, one
# a line, by typing the line and TAB into an interactive zsh on a pty, with
# compadd wrapped to print what it adds.
#
#   zsh_complete.zsh FPATH_DIR 'movectl done '
zmodload zsh/zpty || exit 2
local dir=$1 line=$2
zpty z zsh -f -i
zpty -w z "PROMPT=''; RPROMPT=''; unsetopt zle_bracketed_paste 2>/dev/null"
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
# The matches: what compadd would add, after matching the word typed.
zpty -w z 'compadd() { local -a __m; if [[ ${@[(I)-[OAD]*]} -eq 0 ]]; then builtin compadd -O __m "$@"; (( $#__m )) && print -rl -- "<MATCH>"${^__m}; fi; builtin compadd "$@"; }'
zpty -w z '__done() { print -r -- "<END>"; }; comppostfuncs=(__done)'
zpty -w z "print -r -- '<READY>'"
local out chunk
# Wait until the setup ran, then type the line and TAB.
while zpty -r -t z chunk || sleep 0.05; do
  out+=$chunk
  [[ $out == *$'\n<READY>'* ]] && break
  (( ++tries > 200 )) && { print -u2 "zsh did not start"; exit 2; }
done
out=
zpty -w -n z "$line"$'\t'
tries=0
while true; do
  if zpty -r -t z chunk; then out+=$chunk; else sleep 0.05; fi
  [[ $out == *'<END>'* ]] && break
  (( ++tries > 200 )) && { print -u2 "no completion from zsh: ${(q+)out}"; exit 2; }
done
zpty -d z
# A match may follow the echoed line on the same line: split at each mark.
out=${out//$'\r'/}
out=${out//<MATCH>/$'\n'<MATCH>}
print -r -- ${(F)${(M)${(f)out}:#<MATCH>*}#<MATCH>} | sort -u
