"""The report's page, without a browser (the browser test is in tests/e2e)."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from governance import Governance, GovernanceError
from governance.audit import take_digest
from governance.i18n import language
from governance.publish import report_html
from governance.publish.report import MAX_MONTH_TICKS, MonthFormatter, month_axis, month_ends
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


def _months_back(last: date, months: int) -> date:
    index = last.year * 12 + last.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


@pytest.mark.parametrize("code", ["en", "sv"])
@pytest.mark.parametrize("months", [1, 2, 5, 12, 20, 21, 22, 23, 24, 30, 36])
def test_the_month_labels_never_overlap(months: int, code: str) -> None:
    last = date(2024, 12, 31)
    days = month_ends(_months_back(last, months), last)
    assert len(days) == months
    figure = Figure(figsize=(6.8, 3.0), layout="constrained")
    axes = figure.add_subplot()
    axes.plot(mdates.date2num(days), [1] * len(days))  # type: ignore[no-untyped-call]
    month_axis(axes, len(days), language(code))
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]

    labels = [label for label in axes.get_xticklabels() if label.get_text()]
    boxes = sorted((label.get_window_extent(renderer) for label in labels), key=lambda b: b.x0)

    assert 1 <= len(labels) <= MAX_MONTH_TICKS + 1
    assert all(left.x1 + 4 < right.x0 for left, right in itertools.pairwise(boxes))
    assert "\n" in labels[0].get_text()  # the first tick names its year


def test_month_names_are_the_languages() -> None:
    ends = [date(2023, 11, 30), date(2023, 12, 31), date(2024, 1, 31), date(2024, 3, 31)]
    values = [float(mdates.date2num(day)) for day in ends]  # type: ignore[no-untyped-call]

    swedish = ["nov.\n2023", "dec.", "jan.\n2024", "mars"]
    assert MonthFormatter("sv").format_ticks(values) == swedish
    assert MonthFormatter("en").format_ticks(values) == ["Nov\n2023", "Dec", "Jan\n2024", "Mar"]
