# SPDX-License-Identifier: GPL-3.0-or-later
# fish completion for movectl(1), the move reminder daemon's client.

# Routine ids, one a line: from the running daemon (`movectl --json list`),
# else from the plan file ($MOVE_PLAN or ~/.config/move/plan.toml).
function __movectl_routine_ids
    set -l tokens (commandline -opc)
    set -l prog movectl
    set -q tokens[1]; and set prog $tokens[1]
    set -l global --json
    # A --socket given on the line.
    set -l i 2
    while test $i -le (count $tokens)
        switch $tokens[$i]
            case --socket
                set -l next (math $i + 1)
                set -q tokens[$next]; and set global $global --socket $tokens[$next]
            case '--socket=*'
                set global $global $tokens[$i]
        end
        set i (math $i + 1)
    end
    set -l reply (timeout 2 $prog $global list 2>/dev/null)
    if test $status -eq 0; and string match -q -- '*"ok":true*' "$reply"
        printf '%s\n' $reply | grep -o '{"id":"[a-z0-9-]*"' | sed 's/^{"id":"//; s/"$//'
        return
    end
    set -l config $HOME/.config
    string match -q -- '/*' "$XDG_CONFIG_HOME"; and set config $XDG_CONFIG_HOME
    set -l plan $config/move/plan.toml
    set -q MOVE_PLAN; and test -n "$MOVE_PLAN"; and set plan $MOVE_PLAN
    test -r $plan; or return
    grep '^[[:space:]]*id[[:space:]]*=' $plan 2>/dev/null |
        sed -n 's/^[[:space:]]*id[[:space:]]*=[[:space:]]*["'"'"']\([a-z0-9-]*\)["'"'"'].*/\1/p'
end

# The arguments after the command, options and their values left out.
function __movectl_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l args
    set -l skip 0
    for t in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $t
            case --socket --count --format --title --every --at --times-per-week --on --window --duration \
                --exercise --notes --lead --snooze --enabled --minutes --note --since --until --kind --weeks --html --pdf --name --next --from
                set skip 1
            case '-*'
            case '*'
                set args $args $t
        end
    end
    printf '%s\n' $args
end

# True when the command is one of $argv and it has exactly $n arguments so far
# (usage: __movectl_at_arg N CMD...).
function __movectl_at_arg
    set -l n $argv[1]
    set -e argv[1]
    set -l args (__movectl_args)
    set -q args[1]; or return 1
    contains -- $args[1] $argv; or return 1
    test (math (count $args) - 1) -eq $n
end

set -l commands status next list add rm done skip snooze pause resume history report import pain flare score watch reload check help enable disable edit
complete -c movectl -f

# Global options.
complete -c movectl -l socket -r -F -d "The daemon's socket"
complete -c movectl -l json -d "Print the daemon's reply object as JSON"
complete -c movectl -s h -l help -d "Show help"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -l version -d "Print the version"

# Commands.
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a status -d "Next due, last done, adherence, streak, minutes"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a next -d "Upcoming reminders"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a list -d "Routines of the running plan"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a add -d "Add a routine to the plan"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a rm -d "Remove a routine from the plan"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a done -d "Record that you did a routine"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a skip -d "Skip the current reminder"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a snooze -d "Put a reminder off"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a pause -d "Hold all reminders back"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a resume -d "End a pause"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a history -d "What was due, done, skipped, snoozed"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a report -d "Weekly report: done vs prescribed, pain"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a import -d "Record activities of GPX, TCX, FIT files"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a pain -d "Record back pain, 0-10"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a flare -d "Record a flare-up"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a score -d "Record a function score (RMDQ, ODI)"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a watch -d "Stream events as JSON lines"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a reload -d "Re-read the plan file"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a check -d "Validate and preview a plan"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a help -d "How to use movectl or a command"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a enable -d "Remind of a disabled routine again"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a edit -d "Edit the plan, checked before moved takes it"
complete -c movectl -n "not __fish_seen_subcommand_from $commands" -a disable -d "Keep a routine, without reminders"
complete -c movectl -n "__movectl_at_arg 0 help" -a "$commands" -d Command

# Routine ids, as the first argument.
complete -c movectl -n "__movectl_at_arg 0 status history rm done skip snooze enable disable" -a "(__movectl_routine_ids)" -d Routine
complete -c movectl -n "__movectl_at_arg 1 snooze; or __movectl_at_arg 0 pause" -a "5m 10m 15m 30m 1h 1h30m 2h" -d Duration
complete -c movectl -n "__movectl_at_arg 0 pain" -a "0 1 2 3 4 5 6 7 8 9 10" -d "Pain level"
complete -c movectl -n "__movectl_at_arg 0 score" -a "rmdq odi" -d Scale
complete -c movectl -n "__movectl_at_arg 0 check" -F -d "Plan file"

# Options of the commands.
complete -c movectl -n "__fish_seen_subcommand_from next" -l count -x -d "How many"
complete -c movectl -n "__fish_seen_subcommand_from next" -l format -x -a "table json waybar plain" -d "Output format"
complete -c movectl -n "__fish_seen_subcommand_from add" -l title -x -d Title
complete -c movectl -n "__fish_seen_subcommand_from add" -l every -x -a "30m 1h 2h 1d 2d 3d 1w" -d "Due this long after the last time"
complete -c movectl -n "__fish_seen_subcommand_from add" -l active -d "Count only time at the computer"
complete -c movectl -n "__fish_seen_subcommand_from add" -l at -x -d "Times of day, HH:MM[,...]"
complete -c movectl -n "__fish_seen_subcommand_from add" -l times-per-week -x -a "1 2 3 4 5 6 7" -d "Weekly target"
complete -c movectl -n "__fish_seen_subcommand_from add" -l on -x -a "mon tue wed thu fri sat sun weekdays weekends" -d Days
complete -c movectl -n "__fish_seen_subcommand_from add" -l window -x -d "HH:MM-HH:MM"
complete -c movectl -n "__fish_seen_subcommand_from add" -l duration -x -d "Dose: a length or range"
complete -c movectl -n "__fish_seen_subcommand_from add" -l exercise -x -d "An exercise to suggest"
complete -c movectl -n "__fish_seen_subcommand_from add" -l notes -x -d Notes
complete -c movectl -n "__fish_seen_subcommand_from add" -l lead -x -d "With --at: remind this long before"
complete -c movectl -n "__fish_seen_subcommand_from add" -l snooze -x -d "Snooze length"
complete -c movectl -n "__fish_seen_subcommand_from add" -l enabled -x -a "true false" -d "Remind or not"
complete -c movectl -n "__fish_seen_subcommand_from done" -l minutes -x -d "How long"
complete -c movectl -n "__fish_seen_subcommand_from done skip pain flare score" -l at -x -d "When, if not now"
complete -c movectl -n "__fish_seen_subcommand_from skip" -l reason -x -a "pain time weather ill other" -d "Why"
complete -c movectl -n "__fish_seen_subcommand_from done skip pain flare" -l note -x -d "A note for the history"
complete -c movectl -n "__fish_seen_subcommand_from flare" -l limiting -d "It kept you from your usual activities"
complete -c movectl -n "__fish_seen_subcommand_from flare" -l care -d "You sought care for it"
complete -c movectl -n "__fish_seen_subcommand_from history" -l since -x -d "From this day or time"
complete -c movectl -n "__fish_seen_subcommand_from history" -l until -x -d "Up to this day or time"
complete -c movectl -n "__fish_seen_subcommand_from history" -l prescriptions -d "Only the prescriptions kept"
complete -c movectl -n "__fish_seen_subcommand_from pause" -l until -x -d "Until this time"
complete -c movectl -n "__fish_seen_subcommand_from history" -l kind -x -a "due done skipped snoozed natural pain paused resumed held flare score prescription" -d "Only these kinds"
complete -c movectl -n "__fish_seen_subcommand_from history" -l format -x -a "table json csv" -d "Output format"
complete -c movectl -n "__fish_seen_subcommand_from report" -l weeks -x -d "How many weeks"
complete -c movectl -n "__fish_seen_subcommand_from report" -l html -r -F -d "Write an HTML report"
complete -c movectl -n "__fish_seen_subcommand_from report" -l since -x -d "From the ISO week of this day"
complete -c movectl -n "__fish_seen_subcommand_from report" -l until -x -d "Up to this day, included"
complete -c movectl -n "__fish_seen_subcommand_from report" -l name -x -d "The name on the report"
complete -c movectl -n "__fish_seen_subcommand_from report" -l pdf -r -F -d "Write an A4 PDF report"
complete -c movectl -n "__fish_seen_subcommand_from import" -F -d "Activity file"
complete -c movectl -n "__fish_seen_subcommand_from import" -l routine -x -a "(__movectl_routine_ids)" -d "Record as this routine"
complete -c movectl -n "__fish_seen_subcommand_from import" -l dry-run -d "Show what would be recorded"
complete -c movectl -n "__fish_seen_subcommand_from check" -l next -x -d "Show the next N reminders"
complete -c movectl -n "__fish_seen_subcommand_from check" -l from -x -d "Preview from this local time"
