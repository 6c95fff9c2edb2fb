"""The owner's preview of a calendar: what the next sync does with each upcoming event, and why."""

from __future__ import annotations

from ambience.agenda.preview import outcome_words, preview_feed
from ambience.agenda.sync import Outcome
from tests.agenda.test_feeds import CALENDAR, app_reading_file
from tests.support.virtual import run


def test_the_preview_follows_a_rule_before_the_next_sync_does(tmp_path):
    async def body():
        app, _ = await app_reading_file(tmp_path, CALENDAR.replace("LOCATION:Lotus\n", ""))
        (feed,) = app.book.feeds()
        before = preview_feed(app.book, feed, app.studio.config, app.studio.library, app.clock.now())
        assert before.error == "not read yet"
        await app.planner.sync_feed(feed.id)
        (feed,) = app.book.feeds()
        preview = preview_feed(app.book, feed, app.studio.config, app.studio.library, app.clock.now())
        assert len(preview.problems) == 1 and "Broken one" in preview.problems[0]
        outcomes = {o.event.summary: o for o in preview.outcomes}
        assert outcomes["Quick: Ben"].outcome is Outcome.BOOKED
        anna = [o for o in preview.outcomes if o.event.summary.startswith("Anna")]
        assert len(anna) == 3 and all(o.outcome is Outcome.SKIPPED for o in anna)
        what, why = outcome_words(anna[0], {})
        assert what == "Not booked" and why.startswith("No room named")

        app.book.add_rule("room", "Deep tissue", "lotus")
        preview = preview_feed(app.book, feed, app.studio.config, app.studio.library, app.clock.now())
        anna = [o for o in preview.outcomes if o.event.summary.startswith("Anna")]
        assert all(o.outcome is Outcome.NEW for o in anna)
        what, why = outcome_words(anna[0], {"lotus": "Lotus room"})
        assert what == "Lotus room · Deep tissue · Anna"
        assert why == (
            "Booked at the next sync · room from rule “Deep tissue”, preset from its title, "
            "client from its title"
        )
        assert len(app.book.bookings()) == 1  # the preview wrote nothing

        report = await app.planner.sync_feed(feed.id)
        assert len(report.added) == 3 and len(app.book.bookings()) == 4
        await app.quit()

    run(body)
