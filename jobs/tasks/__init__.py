"""Background tasks, enqueued by dotted path through jobs.queue.enqueue.

Each task takes plain ids, keeps its state in the database (a BackgroundJob row, and the rows it
fills in) and is safe to run twice: RQ retries failed tasks, and a worker may be killed half-way.
"""
