#!/usr/bin/env bash
# A pinentry for the agent tests, speaking just enough Assuan: greets, answers every command OK,
# answers GETPIN with the contents of the file "pin" beside it (or cancels when a file "cancel"
# is there), and logs SETDESC, SETERROR, SETPROMPT and GETPIN to "pinentry.log" beside it.
here="$(dirname "$0")"
echo 'OK fake pinentry'
while IFS= read -r line; do
  case "$line" in
    SETDESC*|SETERROR*|SETPROMPT*) printf '%s\n' "$line" >> "$here/pinentry.log"; echo OK ;;
    GETPIN*)
      echo GETPIN >> "$here/pinentry.log"
      if [ -e "$here/cancel" ]; then
        echo 'ERR 83886179 Operation cancelled <Pinentry>'
      else
        printf 'D %s\nOK\n' "$(cat "$here/pin")"
      fi ;;
    BYE*) echo OK; exit 0 ;;
    *) echo OK ;;
  esac
done
