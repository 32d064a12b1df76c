"""The folder adapter of the pluggable transport."""

import json

from tovholder.crosssector.transport import FolderTransport, get_transport


def test_the_folder_adapter_reads_in_order_moves_aside_and_writes_out(tmp_path):
    transport = FolderTransport(tmp_path, limit_bytes=100)
    inbox = transport.folder("ind")
    (inbox / "a.json").write_text('{"a": 1}')
    (inbox / "big.json").write_bytes(b" " * 101)
    (inbox / "notes.txt").write_text("ignored")
    items = {i.handle: i for i in transport.receive()}
    assert set(items) == {"a.json", "big.json"}
    assert items["a.json"].data == b'{"a": 1}' and items["big.json"].data is None and items["big.json"].size == 101
    transport.acknowledge(items["a.json"], accepted=True)
    transport.acknowledge(items["big.json"], accepted=False)
    assert (tmp_path / "behandlet" / "a.json").exists() and (tmp_path / "afvist" / "big.json").exists()
    assert list(transport.receive()) == []
    name = transport.send({"resourceType": "Bundle", "id": "../../etc/passwd"})
    assert "/" not in name and json.loads((tmp_path / "ud" / name).read_text())["resourceType"] == "Bundle"
    assert not list((tmp_path / "ud").glob(".*"))


def test_the_adapter_is_chosen_by_settings(settings, tmp_path):
    settings.MEDCOM_TRANSPORT = "folder"
    settings.MEDCOM_FOLDER = tmp_path
    transport = get_transport()
    assert isinstance(transport, FolderTransport) and transport.root == tmp_path
    settings.MEDCOM_TRANSPORT = "tovholder.crosssector.transport.FolderTransport"
    assert isinstance(get_transport(), FolderTransport)
