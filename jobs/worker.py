"""The worker behind `oocr rq worker`: each job runs in a fork of the worker, which has the app loaded.

Flask-RQ's own worker starts a new Python process for every job, which imports and builds the whole
app again (2-3 s of CPU per letter before any work is done; 15 s on a busy two-core machine). A fork
starts in milliseconds with everything already imported, the app context pushed, and the object
store's client description loaded; like the subprocess, it ends with its job, so a job that leaks
memory or is killed cannot harm the next. What a fork compiles is lost with it, so the worker
rehearses the documents once before it starts (see `jobs.tasks.documents.rehearse`).
"""
from __future__ import annotations

import gc
import logging

from flask_rq import RQ
from rq import Worker

log = logging.getLogger(__name__)


class ForkingWorker(Worker):
    """RQ's usual forking worker, warmed before its first fork and minding the connections it inherits."""

    def bootstrap(self, *args, **kwargs):
        super().bootstrap(*args, **kwargs)
        from jobs.tasks.documents import rehearse
        from webapp.extensions import db
        try:
            log.info("rehearsed %d documents before the first job", rehearse())
        except Exception:  # noqa: BLE001 (say a database not yet migrated: the jobs will say what is wrong)
            log.warning("could not rehearse the documents; jobs will start cold", exc_info=True)
        finally:
            db.session.rollback()
            db.session.remove()
        # Objects alive now are shared with every fork; kept out of the collector, they stay shared
        # rather than each fork's first collection copying every page it touches.
        gc.collect()
        gc.freeze()

    def main_work_horse(self, job, queue):
        from webapp.extensions import db
        # Connections the worker opened belong to it: the job opens its own rather than sharing a socket.
        db.engine.dispose(close=False)
        super().main_work_horse(job, queue)


class JobQueue(RQ):
    """Flask-RQ with workers that fork (see the module docstring); everything else is Flask-RQ's."""

    def make_worker(self, queues=None, **kwargs) -> ForkingWorker:
        known = self.queues
        chosen = [known[name] for name in queues] if queues else list(known.values())
        return ForkingWorker(chosen, job_class=chosen[0].job_class, **kwargs)
