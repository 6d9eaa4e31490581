"""Align many article sets: in parallel, skipping unchanged ones; one bad set never stops the rest.

`run_batch` finds the article sets, decides per set whether it needs work
(align.batch.plan), and runs the sets that do in local worker processes
(align.batch.pool: `jobs` processes, each loading the encoder once) or, given a
scheduler address, on a Dask cluster (align.batch.cluster: one task per set;
workers read the inputs from shared storage and write the outputs there).

Skipping: next to each set's outputs, `.align-manifest.json` records, per
output file, its SHA-256, the settings signature and the digest of the inputs
it was made from (align.batch.manifest). A set is skipped when every requested
output is still there, unmodified, and was made from the same inputs with the
same settings.

Overwriting: outputs made by an earlier run with other settings are replaced,
with a note naming what changed (that is what a re-run with new settings
asks for). An output file the manifest does not vouch for, because align did
not write it or it was edited since, is never replaced without `--force`:
that set fails with a one-line message and the others go on.

Faults (docs/batch.md has the whole list): a worker that dies fails its set
alone; outputs and manifest are committed so that an interruption anywhere
leaves each output old or new and recognised; temporary files of killed
writers are removed by the next run; workers stop when their parent is gone.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from ..errors import AlignError, UsageError
from ..pipeline import Settings, find_article_sets
from ..signature import Signature
from .cluster import check_scheduler_address, run_on_dask
from .manifest import MANIFEST_NAME, read_manifest
from .plan import plan_set
from .pool import run_locally
from .progress import BarProgress, Progress
from .worker import ALIGNED, FAILED, SETTINGS_ERROR, SKIPPED, SetJob, SetResult, align_one, loaded_encoders

log = logging.getLogger("align.batch")


@dataclass
class BatchReport:
    output_dir: str
    results: list[SetResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    def describe(self) -> str:
        parts = [f"{self.count(ALIGNED)} aligned"]
        if self.count(SKIPPED):
            parts.append(f"{self.count(SKIPPED)} unchanged (skipped)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        return f"{len(self.results)} article sets: {', '.join(parts)}; outputs in {self.output_dir}"


def run_batch(
    paths: list[str],
    output_dir: str,
    formats: list[str],
    settings: Settings,
    jobs: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Align every article set under PATHS into OUTPUT_DIR/<set>/; returns what happened per set."""
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, got {jobs}")
    if scheduler:
        scheduler = check_scheduler_address(scheduler)
    Signature.of(settings)  # an unknown encoder is a usage error now, not in every worker
    progress = progress or BarProgress()
    sets = find_article_sets(paths)
    report = BatchReport(output_dir)
    todo: list[SetJob] = []
    for article_set in sets:
        job, result, note = plan_set(article_set, output_dir, formats, settings, force)
        if note:
            progress.line(f"{article_set.label}: {note}")
        if job:
            todo.append(job)
        else:
            report.results.append(result)
            if result.status == FAILED:
                progress.line(f"Error: {result.name}: {result.message}")

    if todo:
        if scheduler:
            results = run_on_dask(todo, scheduler, progress)
        else:
            results = run_locally(todo, jobs or os.cpu_count() or 1)
        progress.start(len(todo))
        try:
            for result in results:
                if result.status == SETTINGS_ERROR:
                    raise (UsageError if result.exit_code == UsageError.exit_code else AlignError)(result.message)
                report.results.append(result)
                for level, message in result.log:
                    log.log(level, "%s", message)
                if result.status == FAILED:
                    progress.line(f"Error: {result.name}: {result.message}")
                elif result.summary:
                    progress.line(f"{result.name}: {result.summary}")
                progress.advance(result.name)
        finally:
            results.close()  # stops the workers and cancels what has not started when the batch stops early
            progress.finish()
    progress.line(report.describe())
    return report


__all__ = [
    "run_batch", "plan_set", "align_one", "read_manifest", "loaded_encoders",
    "BatchReport", "SetResult", "SetJob", "Progress", "BarProgress", "MANIFEST_NAME",
]
