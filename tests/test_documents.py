"""Reading documents: bad input is refused with the file named; sentences keep exact offsets."""

from __future__ import annotations

import pytest

from neurograph.documents import discover, load_documents, read_document, split_sentences
from neurograph.errors import InputError
from neurograph.schema import data_dir


def test_corpus_documents_have_titles():
    docs = {d.id: d for d in load_documents([data_dir() / "documents"])}
    assert set(docs) == {"electrolytes_anxiety_depression", "magnesium_dopamine", "magnesium_ketamine",
                         "neurotransmitter_imbalance"}
    assert docs["magnesium_dopamine"].title == "Magnesium and Dopamine: The Biochemical Connection"
    assert docs["neurotransmitter_imbalance"].title == "Neurotransmitter imbalance"
    assert "Ketamine Connection" in docs["magnesium_ketamine"].title


def test_titles_come_from_the_folder_titles_file_first_line_wins_and_edits_are_seen(tmp_path):
    (tmp_path / "a.txt").write_text("# First line of a\n\nMagnesium blocks NMDA receptors.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Zinc text.\n", encoding="utf-8")
    titles = tmp_path / "documents.tsv"
    titles.write_text("a\tTitle by stem\na.txt\tTitle by name\nb.md\t  \n", encoding="utf-8")
    docs = {d.id: d.title for d in load_documents([tmp_path])}
    assert docs == {"a": "Title by stem", "b": "Zinc text."}  # a blank title falls back to the first line
    titles.write_text("a.txt\tA newer title for a\n", encoding="utf-8")
    assert read_document(tmp_path / "a.txt").title == "A newer title for a"
    titles.unlink()
    assert read_document(tmp_path / "a.txt").title == "First line of a"


@pytest.mark.parametrize("content, message", [
    (b"", "empty document"),
    (b"  \n\n\t ", "empty document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"Magnesium blocks\nNMDA \xff\xfe receptors.", "not UTF-8"),
])
def test_bad_files_are_refused_with_their_name(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Line one\nLine two\nCaf\xe9 and magnesium\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.txt:3: not UTF-8"):
        read_document(path)


def test_a_50_mb_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB write needed
    with pytest.raises(InputError, match=r"huge\.txt: file is 50\.0 MB, over the 16 MB limit"):
        read_document(path)


def test_discover_refuses_missing_paths_and_other_kinds(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        discover([tmp_path / "nope.txt"])
    (tmp_path / "table.csv").write_text("a,b\n")
    with pytest.raises(InputError, match=r"table\.csv: not a document"):
        discover([tmp_path / "table.csv"])
    with pytest.raises(InputError, match="no .txt or .md documents"):
        discover([tmp_path])


def test_discover_refuses_two_documents_with_one_id(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "notes.txt").write_text("Magnesium.")
    (tmp_path / "b" / "notes.md").write_text("Zinc.")
    with pytest.raises(InputError, match="two documents share the id 'notes'"):
        discover([tmp_path])


def test_sentences_survive_bullets_headings_tables_and_wrapping():
    text = (
        "Key Takeaways\n\n"
        "  • Electrolytes are crucial for brain function.\n"
        "  • Imbalances can alter mood. They may also lead to anxiety.\n"
        "Case Electrolyte Imbalance Psychological Manifestation\n"
        "1 Sodium deficiency Increased anxiety\n"
        "Ketamine,\nan anesthetic known as “Special K” has garnered a lot\nof attention (e.g. in trials).\n"
        "Dopamine\nInvolved in motivation, attention, and problem-solving.\n"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Key Takeaways",
        "Electrolytes are crucial for brain function.",
        "Imbalances can alter mood.",
        "They may also lead to anxiety.",
        "Case Electrolyte Imbalance Psychological Manifestation",
        "1 Sodium deficiency Increased anxiety",
        "Ketamine,\nan anesthetic known as “Special K” has garnered a lot\nof attention (e.g. in trials).",
        "Dopamine",
        "Involved in motivation, attention, and problem-solving.",
    ]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_corpus_sentence_offsets_are_exact():
    for doc in load_documents([data_dir() / "documents"]):
        sentences = split_sentences(doc.text)
        assert len(sentences) > 30
        for s in sentences:
            assert doc.text[s.start:s.end] == s.text
            assert s.text == s.text.strip()


def test_a_full_stop_typed_without_a_space_ends_a_sentence():
    from neurograph.documents import split_sentences

    text = "Sleep is poor in winter.Other signs include fatigue. Visit www.Example.com today."
    assert [s.text for s in split_sentences(text)] == [
        "Sleep is poor in winter.", "Other signs include fatigue.", "Visit www.Example.com today."]


def test_numbered_bullets_abbreviations_initials_and_parentheses():
    text = ("1. Magnesium helps. Zinc too.\n"
            "2. Dr. Smith and J. Jones wrote it (see Fig. 2. Table 3.) Then more.\n"
            "Low levels (as e.g. Ca. Mg. shown. Here) matter. Done.\n")
    assert [s.text for s in split_sentences(text)] == [
        "Magnesium helps.", "Zinc too.",
        "Dr. Smith and J. Jones wrote it (see Fig. 2. Table 3.)", "Then more.",
        "Low levels (as e.g. Ca. Mg. shown. Here) matter.", "Done.",
    ]


def test_the_word_before_a_stop_is_read_within_its_own_line():
    # "Dr" ends the line above: it must not make the stop of "e." an abbreviation.
    text = "See Dr\n\ne. Next sentence here.\n"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["See Dr", "e.", "Next sentence here."]


def test_line_separators_and_a_stop_at_a_line_end():
    text = "Magnesium is low.\u2028Zinc is high.  \nAnother line.\r\nThird\u2029line. End."
    sentences = split_sentences(text)
    # The paragraph separator ends a line; "line." starts lower-case, so it continues "Third".
    assert [s.text for s in sentences] == ["Magnesium is low.", "Zinc is high.", "Another line.",
                                           "Third\u2029line.", "End."]
    assert [s.index for s in sentences] == list(range(5))
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_sentences_are_plain_equal_dataclasses():
    from dataclasses import asdict

    from neurograph.documents import Sentence

    first = split_sentences("Magnesium helps. Zinc too.")[1]
    assert first == Sentence(1, 17, 26, "Zinc too.")
    assert hash(first) == hash(Sentence(1, 17, 26, "Zinc too."))
    assert asdict(first) == {"index": 1, "start": 17, "end": 26, "text": "Zinc too."}


def test_utf16_with_a_bom_is_named_as_utf16(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Magnesium blocks NMDA receptors.\n".encode("utf-16"))
    with pytest.raises(InputError, match=r"wide\.txt: UTF-16 text .*convert it to UTF-8"):
        read_document(path)


def test_a_nul_byte_after_the_first_64_kb_is_found(tmp_path):
    path = tmp_path / "late.txt"
    text = "Magnesium blocks NMDA receptors.\n" * 4000  # 132 KB
    path.write_bytes(text.encode() + b"Zinc\x00 too.\n")
    with pytest.raises(InputError, match=r"late\.txt:4001: binary file, not text \(a NUL byte at offset 132004\)"):
        read_document(path)


def test_a_symlink_loop_and_a_fifo_are_named_as_such(tmp_path):
    import os

    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match=r"loop\.txt: symbolic link loop"):
        discover([loop])
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"pipe\.txt: not a regular file: a FIFO"):
        discover([fifo])
    with pytest.raises(InputError, match=r"pipe\.txt: not a regular file: a FIFO"):
        read_document(fifo)  # refused before it is opened: reading a FIFO would wait forever


def test_a_bad_size_limit_names_the_variable(tmp_path, monkeypatch):
    from neurograph.errors import UsageError

    path = tmp_path / "a.txt"
    path.write_text("Magnesium.")
    monkeypatch.setenv("NEUROGRAPH_MAX_DOCUMENT_MB", "abc")
    with pytest.raises(UsageError, match="NEUROGRAPH_MAX_DOCUMENT_MB='abc': give a whole number"):
        read_document(path)
    monkeypatch.setenv("NEUROGRAPH_MAX_DOCUMENT_MB", "1")
    path.write_bytes(b"x" * (2 * 1024 * 1024))
    with pytest.raises(InputError, match="over the 1 MB limit"):
        read_document(path)


def test_a_latin1_titles_file_names_file_and_line(tmp_path):
    (tmp_path / "a.txt").write_text("First line of a\n")
    (tmp_path / "documents.tsv").write_bytes("a.txt\tCaf\xe9 notes\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"documents\.tsv:1: not UTF-8 text"):
        read_document(tmp_path / "a.txt")
