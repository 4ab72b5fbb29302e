"""Reports: from an article's text to candidate sightings and claims, reviewed before import."""

from corridor.reports.extract import Extraction, extract, report_source
from corridor.reports.review import accept_review, read_review, write_review

__all__ = ["Extraction", "accept_review", "extract", "read_review", "report_source", "write_review"]
