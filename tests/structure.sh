#!/bin/sh
# structure.sh BUILD BIN - the shape STYLE.md asks of src/: no include
# cycle between modules, no .c file over 900 lines, no function over 80
# (tests/structure.py; the exceptions it knows are counted as skipped).
set -u
python3 tests/structure.py src
