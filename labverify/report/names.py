"""The files a class grading writes: light names the command line can show without grading."""

from __future__ import annotations

from pathlib import Path

REPORT_FORMATS = ("gradescope", "html", "markdown", "junit", "cucumber")
REPORT_FILES = {"gradescope": "results.json", "html": "report.html", "markdown": "report.md",
                "junit": "junit.xml", "cucumber": "cucumber.json"}
GRADEBOOK_FILE = "gradebook.csv"
DEFAULT_OUT = Path("grades")
GRADES_KIND = "grades"  # the manifest kind of a class's --out folder
