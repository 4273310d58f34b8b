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

# The longest message a finding carries: qingdan's own wording with its quoted values stays under a few
# hundred characters (the longest, a township's offices listed by name, about 300).
MESSAGE_CHARS = 1000

# --- data-set templates ----------------------------------------------------------------------
# A data set's own templates run in Jinja's sandbox, which keeps them from Python's internals but
# not from asking for more than a machine has; these bound what one may ask.

# The largest width, count or repeat a template may pass to a filter, a method or a format spec
# (`center(n)`, `'x' * n`, `'%0*d'`): Jinja's sandbox refuses a `range()` longer than this already.
MAX_TEMPLATE_NUMBER = 100_000

# The longest text or list a template may build or render: 64 MB, four times the largest
# published document of the province data set.
MAX_TEMPLATE_OUTPUT = 64 * 1024 * 1024

# How long one template may run, in seconds: published documents render in seconds, so a minute
# means a runaway loop. Only where the operating system offers an interval timer (not on Windows).
MAX_TEMPLATE_SECONDS = 60

# The largest template file read: qingdan's largest is 20 KB.
MAX_TEMPLATE_BYTES = 1024 * 1024
