"""Background work: RQ workers when REDIS_URL is set, an in-process thread pool otherwise.

Either way the job's state lives in a BackgroundJob row, so the pages show progress the same way.
"""
