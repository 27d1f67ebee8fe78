"""Resources: install from a local HTTP server or a folder, checksums, interrupted downloads, verify, remove."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import threading

import pytest

from neurograph.cli import main
from neurograph.errors import InputError
from neurograph.resources import (
    Resource,
    ResourceError,
    ResourceFile,
    ResourceNotInstalledError,
    install,
    installed,
    load_catalog,
    remove,
    resource_path,
    verify,
)

GOOD = b"id\tname\nX:1\tthing one\n" * 50
RAW = b"format-version: 1.2\n" * 40  # served raw, installed gzip-compressed


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = self.files.get(self.path)
        if self.path == "/truncated.tsv":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            self.wfile.write(GOOD[: len(GOOD) // 3])
            self.wfile.flush()
            self.close_connection = True
            return
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    Handler.files = {"/good.tsv": GOOD, "/raw.obo": RAW, "/tampered.tsv": GOOD + b"extra\n"}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def resource(name, *files):
    return Resource(name=name, title=name, version="1", kind="vocabulary", folder="vocab", licence="CC0 1.0",
                    attribution="test data", citation="", files=tuple(files))


def catalog(base):
    return {r.name: r for r in (
        resource("good", ResourceFile("good.tsv", sha(GOOD), len(GOOD), url=f"{base}/good.tsv"),
                 ResourceFile("raw.obo.gz", "0" * 64, 0, url=f"{base}/raw.obo", url_sha256=sha(RAW), gzip=True)),
        resource("bad", ResourceFile("good.tsv", sha(GOOD), len(GOOD), url=f"{base}/tampered.tsv")),
        resource("cut", ResourceFile("good.tsv", sha(GOOD), len(GOOD), url=f"{base}/truncated.tsv")),
        resource("local", ResourceFile("good.tsv", sha(GOOD), len(GOOD), url=None)),
    )}


def leftovers(home):
    root = home / "resources"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_good_install_records_a_manifest(server, tmp_path):
    cat = catalog(server)
    (manifest,) = install(["good"], home=tmp_path, catalog=cat)
    folder = tmp_path / "resources" / "good"
    assert (folder / "good.tsv").read_bytes() == GOOD
    assert gzip.decompress((folder / "raw.obo.gz").read_bytes()) == RAW
    recorded = json.loads((folder / "manifest.json").read_text())
    assert recorded == manifest
    assert recorded["version"] == "1" and recorded["source"] == "official URLs" and recorded["installed_at"]
    assert recorded["files"]["good.tsv"] == {"sha256": sha(GOOD), "size": len(GOOD), "source": f"{server}/good.tsv"}
    assert resource_path("good", "good.tsv", home=tmp_path) == folder / "good.tsv"
    assert leftovers(tmp_path) == ["good"]  # no staging folder or partial file left
    assert sorted(p.name for p in folder.iterdir()) == ["good.tsv", "manifest.json", "raw.obo.gz"]
    assert install(["good"], home=tmp_path, catalog=cat)[0]["unchanged"] is True


def test_checksum_mismatch_installs_nothing(server, tmp_path):
    with pytest.raises(ResourceError, match=r"resource 'bad': checksum mismatch for .*tampered.tsv.*nothing installed"):
        install(["bad"], home=tmp_path, catalog=catalog(server))
    assert leftovers(tmp_path) == []
    assert installed("bad", home=tmp_path) is None


def test_interrupted_download_leaves_no_file_and_records_nothing(server, tmp_path):
    with pytest.raises(ResourceError, match="interrupted"):
        install(["cut"], home=tmp_path, catalog=catalog(server))
    assert leftovers(tmp_path) == []
    assert installed("cut", home=tmp_path) is None


def test_failed_reinstall_keeps_the_previous_install(server, tmp_path):
    cat = catalog(server)
    install(["good"], home=tmp_path, catalog=cat)
    broken = {"good": resource("good", ResourceFile("good.tsv", sha(GOOD), len(GOOD), url=f"{server}/truncated.tsv"))}
    with pytest.raises(ResourceError, match="interrupted"):
        install(["good"], home=tmp_path, catalog=broken, force=True)
    assert (tmp_path / "resources" / "good" / "good.tsv").read_bytes() == GOOD
    assert leftovers(tmp_path) == ["good"]


def test_missing_source_names_what_to_run(server, tmp_path):
    with pytest.raises(ResourceError) as info:
        install(["local"], home=tmp_path, catalog=catalog(server))
    message = str(info.value)
    assert "\n" not in message and "`neurograph resources install local --from FOLDER`" in message
    with pytest.raises(ResourceError, match=r"good.tsv not found in .*empty.*resources install local --from"):
        install(["local"], source=tmp_path / "empty", home=tmp_path, catalog=catalog(server))
    assert leftovers(tmp_path) == []


def test_not_installed_resource_path_is_one_line_naming_the_command(tmp_path):
    with pytest.raises(ResourceNotInstalledError) as info:
        resource_path("biored", "Train.PubTator", home=tmp_path)
    assert isinstance(info.value, InputError)
    assert str(info.value) == ("resource 'biored' is not installed: run `neurograph resources install biored`")


def test_install_from_a_folder_and_its_subfolder(server, tmp_path):
    mirror = tmp_path / "mirror" / "vocab"
    mirror.mkdir(parents=True)
    (mirror / "good.tsv").write_bytes(GOOD)
    home = tmp_path / "home"
    (manifest,) = install(["local"], source=tmp_path / "mirror", home=home, catalog=catalog(server))
    assert manifest["source"] == str((tmp_path / "mirror").resolve())
    assert resource_path("local", "good.tsv", home=home).read_bytes() == GOOD
    (mirror / "good.tsv").write_bytes(GOOD + b"x")
    with pytest.raises(ResourceError, match="checksum mismatch"):
        install(["local"], source=mirror, home=home, catalog=catalog(server), force=True)
    assert resource_path("local", "good.tsv", home=home).read_bytes() == GOOD


def test_verify_detects_a_modified_file_and_remove_deletes(server, tmp_path):
    cat = catalog(server)
    install(["good"], home=tmp_path, catalog=cat)
    assert verify(home=tmp_path, catalog=cat) == {"good": []}
    path = resource_path("good", "good.tsv", home=tmp_path)
    path.write_bytes(GOOD.replace(b"one", b"two"))
    assert verify(home=tmp_path, catalog=cat) == {"good": ["good.tsv: checksum differs from the installed copy (modified)"]}
    assert verify(["cut"], home=tmp_path, catalog=cat)["cut"][0].startswith("not installed")
    assert remove(["good"], home=tmp_path, catalog=cat) == ["good"]
    assert leftovers(tmp_path) == []
    with pytest.raises(ResourceNotInstalledError):
        resource_path("biored", home=tmp_path)
    assert remove(["good"], home=tmp_path, catalog=cat) == []


def test_catalogue_describes_every_file_once_with_licence_and_attribution():
    cat = load_catalog()
    for name in ("chebi", "mesh", "mondo", "doid", "hpo", "hgnc", "go", "uberon", "foodon", "drugbank",
                 "biored", "bc5cdr", "hetionet"):
        assert name in cat, name
    files = [f.file for r in cat.values() for f in r.files]
    assert len(files) == len(set(files))
    for r in cat.values():
        assert r.licence and r.attribution and r.version
        for f in r.files:
            assert len(f.sha256) == 64 and f.size > 0
            assert f.url is None or f.url.startswith("https://")
    assert "2025-01-16" in cat["hpo"].attribution and "Human Phenotype Ontology" in cat["hpo"].attribution
    assert "National Library of Medicine" in cat["mesh"].attribution and "MeSH 2024" in cat["mesh"].attribution


def test_cli_list_shows_licences_and_attribution(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["resources", "list", "--data-dir", str(tmp_path)])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:6] == ["name", "version", "licence", "installed", "size", "source"]
    assert "This service/product is using the Human Phenotype Ontology (version hp/releases/2025-01-16)" in out
    assert "CC BY 4.0" in out


def test_cli_unknown_resource_is_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["resources", "install", "nosuch", "--data-dir", str(tmp_path)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown resource 'nosuch'" in err


def test_readme_lists_every_resource_with_its_licence_and_attribution():
    from neurograph.schema import data_dir

    readme = (data_dir().parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Resources and licences", 1)[1].split("\n## ", 1)[0]
    for r in load_catalog().values():
        assert f"| `{r.name}` | {r.title} | {r.version} | {r.licence} |" in section, r.name
        assert f"- **{r.name}**: {r.attribution}" in section, r.name
