"""Documents made from the case record: asking for them, following their progress, downloading them.

The modules here that jobs and the command line use (`store`, `versions`, `sources`) take plain
arguments and ORM rows, never the request, so a background worker runs exactly the same code as a
web request. The blueprint lives in `routes` and is imported only by the app factory.
"""
