"""Every write to the student register (docs/elev.md): one function per state change, permission checked, audit
and history in the same transaction. Submodules: ``sas_import`` (SAS files, also used by the REST upserts),
``beregning`` (elevstatus, kursprosent, avbrudd, fullførtkode, 1 October snapshot), ``rett`` (5A018/5A019),
``overforing`` (5A001), ``vedlikehold`` (4S001), ``ot`` (oppfølgingstjenesten, 6A015), ``arsavslutning``
(5A014, 5A006, 8A011)."""
