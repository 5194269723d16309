"""Furniture that news agencies (Reuters, AP, AFP, Bloomberg, PA, dpa, Xinhua,
UPI) put around their copy and that scraped wire stories keep: credit sign-offs,
trailers, follow lines, photo credits. Lines written here, checked one by one
between paragraphs of prose; the datelines that open a wire story's lead stay."""

from __future__ import annotations

from conftest import flagged


def test_agency_photo_credits_after_a_caption_are_credits(cli, tmp_path):
    prose = [
        "The harbour opened in 1921, and its first pilot was a fisherman (and/or ferryman).",
    ]
    credits = [
        "Workers clear debris from Front Street in Northport, Jan. 11, 2024. "
        "(AP Photo/Robert Linde, File)",
        "Flood water on the promenade at Northport in January (Ben Ash/PA)",
        "A Coast Guard helicopter crew trains near Kodiak. File Photo by Coast Guard/UPI",
    ]
    assert flagged(cli, tmp_path, prose + credits, "boilerplate-photo-credit") == credits
