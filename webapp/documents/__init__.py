"""Documents made from the case record: asking for them, following their progress, downloading them.

The pages only: which documents a case may have is decided in `webapp.domain.document_options`,
and the records behind them (rows, parts, template versions, stored files) are kept by
`webapp.services` (`generated_documents`, `document_parts`, `template_versions`, `storage`), which
the background jobs and the command line call as the views do.
"""
