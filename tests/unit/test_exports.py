"""Exports: the deck as PPTX and PDF, chart images, data as CSV/XLSX, and the CLI that makes them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from desertion import deck, deck_export, export, images, views
from desertion.loading import load_dataset
from desertion.periods import Period
from desertion.selection import Selection
from tests.conftest import DATA, REPO

SON = Period.of_months("2023-09", "2023-11")
CHART_SLIDES = {"requests", "court", "timeline"}


@pytest.fixture(scope="module")
def frames():
    return load_dataset(DATA).frames


@pytest.fixture(scope="module")
def son_deck(frames):
    return deck.build_deck(Selection(frames, SON), "Sep–Nov 2023", "test")


def test_deck_has_the_slides_in_order_each_with_period_and_sources(son_deck):
    assert [s.key for s in son_deck.slides] == ["title", "headlines", "requests", "comparison", "court", "sentences",
                                                "timeline", "sources"]
    for slide in son_deck.slides[1:]:
        footer = son_deck.footer(slide)
        assert "Period: Sep–Nov 2023" in footer and "Source" in footer
        assert slide.source_ids, slide.key
    comparison = son_deck.slides[3]
    assert comparison.numbers[0].value == "305 → 577" and comparison.numbers[0].delta == "+89.2% (+272)"


def test_key_quote_is_never_an_unverified_one_and_is_about_requests(frames):
    # Sep–Nov 2023 itself only has the unverified Braga quotes: the verified quote on requests is shown instead.
    for period in (SON, Period.of_months("2023-12", "2023-12")):
        quote = deck.key_quote(Selection(frames, period))
        assert quote["verification"] == "verified"
        assert "requests" in quote["topics"].split(";")


def test_pptx_has_a_picture_on_each_chart_slide_and_sources_in_footer_and_notes(son_deck):
    prs = Presentation(io.BytesIO(deck_export.to_pptx(son_deck)))
    pages = deck_export.paginate(son_deck)  # a long sources table continues on a further page
    assert len(prs.slides) == len(pages)
    for slide, page in zip(pages, prs.slides):
        pictures = [s for s in page.shapes if s.shape_type == 13]
        assert len(pictures) == (1 if slide.key in CHART_SLIDES else 0), slide.key
        texts = [s.text_frame.text for s in page.shapes if s.has_text_frame]
        assert any(t.startswith("Desertion Monitor · Period: Sep–Nov 2023") for t in texts)
        notes = page.notes_slide.notes_text_frame.text
        assert notes.startswith("Period: Sep–Nov 2023")
        if slide.key != "title":
            assert "https://" in notes  # full citations with addresses


def test_pdf_has_one_page_per_slide(son_deck):
    reader = PdfReader(io.BytesIO(deck_export.to_pdf(son_deck)))
    assert len(reader.pages) == len(deck_export.paginate(son_deck))
    assert "Sources" in reader.pages[-1].extract_text()


def test_chart_images_carry_title_period_and_source(frames):
    view = views.court_cumulative_view(Selection(frames, SON))
    png = images.render(view.figure, "png", 1280, 720)
    assert Image.open(io.BytesIO(png)).size == (1280, 720)
    svg = images.render(view.figure, "svg").decode("utf-8")
    assert "Running total of cases received by courts" in svg and "Sep 2023 – Nov 2023" in svg and "Mediazona" in svg
    assert images.render(view.figure, "pdf").startswith(b"%PDF")


def test_no_browser_gives_a_clear_message(monkeypatch, frames):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    monkeypatch.setattr(images, "_server_started", False)
    with pytest.raises(images.ExportUnavailable, match="apt-get install chromium"):
        images.render(views.timeline_view(Selection(frames, SON)).figure, "png")


def test_data_exports_carry_period_and_sources_and_are_spreadsheet_safe(frames):
    tampered = dict(frames)
    tampered["claims"] = frames["claims"].assign(claim="=HYPERLINK(\"http://evil\")")
    with zipfile.ZipFile(io.BytesIO(export.data_zip(Selection(tampered, SON), "Sep–Nov 2023", "test"))) as archive:
        meta = json.loads(archive.read("metadata.json"))
        assert meta["period"].startswith("Sep–Nov 2023 (2023-09 to 2023-11")
        assert "Accessed" in meta["citation"]
        # Sep–Nov 2023 holds the unverified Braga quotes (the December 2023 article, grade U): never cited.
        assert "dec2023-article" in archive.read("sources.csv").decode("utf-8-sig")
        assert "Syndicated news article" not in meta["citation"] + meta["sources"]
        assert "The Moscow Times" in meta["citation"]
        claims = archive.read("claims.csv").decode("utf-8-sig")
        assert "'=HYPERLINK" in claims
        assert {"sources.csv", "idite_lesom.csv", "quotes.csv"} <= set(archive.namelist())
    book = openpyxl.load_workbook(io.BytesIO(export.data_xlsx(Selection(tampered, SON), "Sep–Nov 2023", "test")))
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["period"].startswith("Sep–Nov 2023") and about["sources"].startswith("Source")
    # text, not a formula, and exactly as written: the apostrophe is a CSV defence only
    assert book["claims"]["B2"].value == "=HYPERLINK(\"http://evil\")"
    assert book["claims"]["B2"].data_type == "s"


@pytest.mark.parametrize("hostile", ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "=1+1"])
def test_xlsx_text_cells_are_text_without_the_csv_apostrophe(frames, hostile):
    tampered = dict(frames)
    tampered["quotes"] = frames["quotes"].assign(speaker=hostile)
    tampered["sources"] = frames["sources"].assign(outlet=hostile)
    book = openpyxl.load_workbook(io.BytesIO(export.data_xlsx(Selection(tampered, SON), "Sep–Nov 2023", "test")))
    for name in ("quotes", "sources"):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        column = header.index("speaker" if name == "quotes" else "outlet") + 1
        cells = [row[column - 1] for row in sheet.iter_rows(min_row=2)]
        assert cells and all(c.value == hostile and c.data_type == "s" for c in cells)
    about = {row[0].value: row[1] for row in book["About"].iter_rows(min_row=2)}
    assert about["sources"].data_type == "s" and hostile in about["sources"].value
    assert "stored as text" in about["spreadsheet_safety"].value
    assert not any(c.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(io.BytesIO(export.data_zip(Selection(tampered, SON), "Sep–Nov 2023", "test"))) as archive:
        assert "'" + hostile in archive.read("quotes.csv").decode("utf-8-sig")  # CSV keeps its guard


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desertion", "export", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("args", [
    ["deck", "--format", "gif", "--out", "x.pptx"],
    ["deck", "--from", "2024-01", "--to", "2023-01", "--format", "pdf", "--out", "x.pdf"],
    ["data", "--from", "banana", "--format", "csv", "--out", "x.zip"],
    ["data", "--format", "csv", "--out", "/nonexistent/folder/x.zip"],
    ["charts", "--format", "png"],
])
def test_cli_bad_arguments_get_one_line_and_exit_2(args):
    result = cli(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("python -m desertion: error: ")


def test_cli_exports_deck_charts_and_data(tmp_path):
    result = cli("deck", "--from", "2023-06", "--to", "2023-11", "--format", "pptx", "--out", str(tmp_path / "d.pptx"))
    assert result.returncode == 0, result.stderr
    # 7 slides (the requests chart makes the comparison's point for Jun–Nov 2023, so that slide is left out);
    # the sources table is taller than a page holds, so it continues on an eighth.
    assert len(Presentation(str(tmp_path / "d.pptx")).slides) == 8
    result = cli("charts", "--from", "2023-06", "--to", "2023-11", "--format", "svg", "--out", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "c").iterdir()} >= {"requests.svg", "court_cumulative.svg", "timeline.svg"}
    result = cli("data", "--format", "xlsx", "--out", str(tmp_path / "d.xlsx"))
    assert result.returncode == 0 and "All time" in result.stdout


def test_cli_without_chromium_explains_and_still_exports_data(tmp_path):
    env_cmd = [sys.executable, "-m", "desertion", "export"]
    env = {"BROWSER_PATH": "/nonexistent/chromium", "PATH": "/usr/bin:/bin"}
    deck_run = subprocess.run([*env_cmd, "deck", "--format", "pdf", "--out", str(tmp_path / "d.pdf")], cwd=REPO,
                              capture_output=True, text=True, env=env, timeout=120)
    assert deck_run.returncode == 1 and "apt-get install chromium" in deck_run.stderr
    assert not (tmp_path / "d.pdf").exists()
    data_run = subprocess.run([*env_cmd, "data", "--format", "csv", "--out", str(tmp_path / "d.zip")], cwd=REPO,
                              capture_output=True, text=True, env=env, timeout=120)
    assert data_run.returncode == 0 and (tmp_path / "d.zip").exists()
