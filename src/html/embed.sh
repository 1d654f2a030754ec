#!/bin/sh
# embed.sh NAME FILE: FILE as a C string constant NAME, on stdout, for
# the parts of the HTML page (page.css, page.js) that tcpviz writes.
# Backslashes and quotes are escaped; so is '?', so no trigraph forms.
set -eu
printf '/* Made from %s by src/html/embed.sh: edit that file. */\n' "$2"
printf 'extern const char %s[];\nconst char %s[] =\n' "$1" "$1"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	-e 's/^/\t"/' -e 's/$/\\n"/' "$2"
printf '\t"";\n'
