"""The decision-support rules: plain Python with no Flask, so the web pages, background jobs and
the `oocr assess` command all reach the same decision from the same rules.

Start at `webapp.domain.assess`: `parse_case(dict)` then `assess(case, config)`.
"""
