"""How much `qingdan import` reads of one file: each cap a named limit, with why its value.

Every file an import is given is treated as hostile: a few hundred KB can unpack to gigabytes, name
a cell a million rows down or merge a whole sheet thousands of times. Past a cap the import stops
with exit 2 and a message naming the file (and sheet) before anything large is built. The caps are
far above real lists: a county's whole 属地管理 list is a few thousand rows, and a 100,000-row list
imports untouched.
"""

from __future__ import annotations

MB = 1024 * 1024

# a county's whole list is a few MB; the 100,000-row benchmark workbook is 42 MB. Past this a file is not a list
MAX_FILE_MB = 50
# what a zip package (.xlsx, .ods, .docx) may unpack to, as its directory says and as it really unpacks (both
# are checked): openpyxl writes every Chinese character as an 8-byte character reference, so the 100,000-row
# benchmark unpacks to 300 MB; zip bombs unpack to gigabytes
MAX_UNZIPPED_MB = 500
# python-docx holds a whole document as an XML tree several times its size; a Word list of thousands of rows
# unpacks to a few MB
MAX_DOCX_UNZIPPED_MB = 100
# one part of a package that a library parses whole into objects (a workbook's styles, its list of sheets,
# properties, a chart): a bloated styles.xml of a real workbook is a few MB. Worksheets and shared strings are
# read as a stream and bounded by the cell caps below
MAX_PART_MB = 20
# parts in a package: a workbook has about ten, a Word document with pictures a few hundred
MAX_MEMBERS = 10_000
# cells in one sheet or Word table (its used range, rows × columns) and in a whole workbook (the cells its sheets
# store, empty formatted ones too, and the strings it shares): the 100,000-row benchmark has 900,000; a reader
# makes an object for each, so past this a file costs minutes and gigabytes
MAX_CELLS = 5_000_000
# merged ranges in one sheet: a long list merges a group row every few rows and a department cell over a few
# items, some tens of thousands in all
MAX_MERGES = 100_000
# characters in one CSV field: an Excel cell holds at most 32,767; the csv module stops at 131,072
MAX_CSV_FIELD = 131_072
