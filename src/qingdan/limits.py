"""The limits qingdan holds every data set, template and output to, each with the reason for its value.

A data set may come from anyone (a pull request, a county's download), so every read is
bounded: a file too large is refused before it is read, a document nested too deep before it
is built, a template before it runs away. The values are far above real data: the province
data set of issue 13 (510,000 items, 143 MB over 1,500 files, single matters files up to about
10 MB) passes every one of them untouched.
"""

from __future__ import annotations

# --- data files ------------------------------------------------------------------------------

# The largest single data file read: three times the largest real matters file (~10 MB). A YAML
# file becomes about ten times its size in memory, so this keeps one file well under a gigabyte.
MAX_FILE_BYTES = 32 * 1024 * 1024

# Deepest nesting of lists and mappings in a data file. The schemas go six levels deep (a matter's
# basis citation under `matters:`); 64 leaves room for free-form `extra` and stays far below the
# recursion that ruamel.yaml (fmt), jsonschema and the rules would otherwise run into.
MAX_DEPTH = 64

# Most digits in a plain integer. Counts, years, codes and phone numbers have at most 20; Python
# refuses to convert more than 4,300 and the conversion is quadratic long before that.
MAX_INT_DIGITS = 100

# --- what findings and messages quote --------------------------------------------------------

# The most characters of a value a finding or message quotes: enough to recognise a name or a
# citation (the longest matter names are about 40 characters), never a whole file's text.
EXCERPT_CHARS = 60

# --- data-set templates ----------------------------------------------------------------------

# The longest `range()` a data set's own template may build: every published table together has
# fewer rows than the province's 510,000 items.
MAX_TEMPLATE_RANGE = 1_000_000

# The longest string or list a template expression may make (by `*`, `+`, `join` or `format`),
# and the most text one template may render: 64 MB, four times the largest published document.
MAX_TEMPLATE_OUTPUT = 64 * 1024 * 1024

# How deep templates may include or extend one another: qingdan's own go three deep.
MAX_TEMPLATE_NESTING = 32

# The largest template file read: qingdan's largest is 20 KB.
MAX_TEMPLATE_BYTES = 1024 * 1024
