"""The report's page, without a browser (the browser test is in tests/e2e)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from governance import Governance, GovernanceError
from governance.audit import take_digest
from governance.publish import report_html
from governance.publish.report import month_ends
from tests import scenario


def test_the_page_is_self_contained_and_names_the_log_it_was_made_from(
    record: Governance,
) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)

    page = report_html(record, as_of=date(2023, 12, 31))

    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script" not in page
    # nothing the browser would fetch: no link, source or CSS url to anywhere
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert references
    assert all(reference.startswith("#") for reference in references)
    assert not re.search(r"url\((?!#)", page)
    assert "@import" not in page
    digest = take_digest(record, leaves=False)
    assert f'data-position="{record.log_position()}" data-root="{digest.root}"' in page
    assert '<table class="compliance" data-body="im">' in page
    assert page.count('role="img"') == 3  # im's charts; the others have no meeting
    # im/2023-11-17/7a was not taken up on 8 Dec: forgotten, with its timeline
    assert "Timeline of im/2023-11-17/7a" in page


def test_one_year_and_one_body(record: Governance) -> None:
    record.record(*scenario.SETUP, scenario.NOV_17, scenario.DEC_8)

    page = report_html(record, body="im", year=2023, as_of=date(2024, 6, 30))

    assert 'data-year="2023"' in page
    assert 'data-year="2024"' not in page
    assert "Skolchefsgruppen</h2>" not in page
    with pytest.raises(GovernanceError, match="no body 'xx'"):
        report_html(record, body="xx")


def test_month_ends_run_to_the_last_day() -> None:
    assert month_ends(date(2023, 11, 17), date(2024, 1, 10)) == [
        date(2023, 11, 30),
        date(2023, 12, 31),
        date(2024, 1, 10),
    ]
