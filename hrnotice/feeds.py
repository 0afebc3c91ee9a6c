"""What a citizen or a portal subscribes to: an Atom feed of every year's notice (feedgen) and an
iCalendar file of a year's key dates (icalendar).

Both are byte-reproducible: their only dates are the notices' own (no build clock), and every
entry's id is made from what it is (the year, the step), never from its position or the time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from .formatting import cn_date, date_range, hours_days
from .load import Edition
from .model import Notice, SiteIdentity
from .schedule import key_dates

FEED_FILE = "feed.xml"
CALENDAR_FILE = "calendar.ics"
CHINA = timezone(timedelta(hours=8), "CST")


def year_address(identity: SiteIdentity, year: int) -> str:
    """Where a year's site stays published: `https://…/jxjy/2012/`."""
    return f"{identity.url}{year}/"


def notice_address(identity: SiteIdentity, year: int) -> str:
    """The notice's permanent address: on its year's own site, which never changes."""
    return f"{year_address(identity, year)}notice/"


def interpretation_address(identity: SiteIdentity, year: int) -> str:
    """The permanent address of a year's 政策解读."""
    return f"{year_address(identity, year)}interpretation/"


def notice_summary(notice: Notice) -> str:
    """One paragraph on what the notice asks, from its facts: the feed's summary and the page's Description."""
    s = notice.schedule
    return (f"{notice.issuer}{notice.document_number}。报名时间：{date_range(s.registration)}；"
            f"培训时间共{hours_days(notice.hours.total)}；{date_range(s.classes)}期间举办培训班次，"
            f"{cn_date(s.training_ends_by)}前全部结束。")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=CHINA)


def atom_feed(identity: SiteIdentity, editions: list[Edition]) -> bytes:
    """Every year's notice, newest first: title, publish date, permanent link, summary."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(identity.url)
    feed.title(f"{identity.column} - {identity.name}")
    feed.subtitle(identity.column_description)
    feed.author({"name": identity.sponsor, "email": identity.email})
    feed.link(href=identity.url, rel="alternate", type="text/html")
    feed.link(href=identity.url + FEED_FILE, rel="self", type="application/atom+xml")
    feed.language("zh-CN")
    # The newest notice's publish date, not the build's time: the same data gives the same feed.
    feed.updated(_midnight(max(e.notice.date_published for e in editions)))
    for edition in sorted(editions, key=lambda e: e.year, reverse=True):
        notice = edition.notice
        _entry(feed, notice_address(identity, notice.year), notice.title, notice.date_published, notice.issuer,
               notice_summary(notice))
        if (interpretation := edition.interpretation) is not None:
            facts = interpretation.facts
            _entry(feed, interpretation_address(identity, notice.year), facts.title, facts.date,
                   facts.source or notice.issuer, f"对《{notice.title}》（{notice.document_number}）的解读")
    return feed.atom_str(pretty=True)


def _entry(feed, address: str, title: str, day: date, author: str, summary: str) -> None:
    """One page in the feed: its permanent address is its id, its publish date both dates."""
    entry = feed.add_entry(order="append")
    entry.id(address)
    entry.title(title)
    entry.link(href=address, rel="alternate", type="text/html")
    entry.published(_midnight(day))
    entry.updated(_midnight(day))
    entry.author({"name": author})
    entry.summary(summary)


def key_dates_calendar(identity: SiteIdentity, edition: Edition) -> bytes:
    """The year's key dates as all-day events (a window from its first to its last day)."""
    from icalendar import Calendar, Event

    notice = edition.notice
    calendar = Calendar()
    calendar.add("prodid", f"-//{identity.sponsor}//hrnotice//ZH-CN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{notice.year}年度{identity.column}重要日期")
    stamp = datetime.combine(notice.date_published, time(), tzinfo=timezone.utc)  # no build clock
    for step in key_dates(notice):
        event = Event()
        event.add("uid", f"{notice.year}-{step.key}@{identity.domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.first_day)
        event.add("dtend", (step.last_day or step.first_day) + timedelta(days=1))  # all-day: the end is exclusive
        event.add("summary", step.label)
        event.add("description", "；".join(part for part in (step.when, step.detail, notice.title) if part))
        event.add("url", notice_address(identity, notice.year))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
